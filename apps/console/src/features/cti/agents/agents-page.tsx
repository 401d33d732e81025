import { PlusOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import type { Agent } from '@rexian/contracts';
import { Alert, Button, Card, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { rolesApi } from '../../../api/resources.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useCan } from '../../../layout/require-permission.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useNotify } from '../../../shared/use-notify.ts';
import { type AgentFilters, agentGroupsApi, agentsApi, queuesApi } from '../cti-api.ts';
import { AgentBatchModal } from './agent-batch-modal.tsx';
import { AgentFormModal } from './agent-form-modal.tsx';
import type { AgentOptions } from './agent-options.ts';
import { SupervisorScopeModal } from './supervisor-scope-modal.tsx';

/** CTI 管理 → 座席管理 (§4.6.3): search, group/type filters, pages, add one or a batch, edit, 班长权限, delete. */
export function AgentsPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const can = useCan();
  const canWrite = can('cti.agent.write');
  const [filters, setFilters] = useState<AgentFilters>({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<Agent | 'new' | null>(null);
  const [batchOpen, setBatchOpen] = useState(false);
  const [scoping, setScoping] = useState<Agent | null>(null);
  const list = useLoad(() => agentsApi.list(filters), [filters]);
  const groups = useLoad(() => agentGroupsApi.list(), []);
  // Queues and roles only fill pickers; without their read permission the pickers stay empty.
  const queues = useLoad(() => (can('cti.queue.read') ? queuesApi.list() : Promise.resolve([])), []);
  const roles = useLoad(() => (can('system.role.read') ? rolesApi.list() : Promise.resolve([])), []);
  const options: AgentOptions = useMemo(
    () => ({ groups: groups.data ?? [], queues: queues.data ?? [], roles: roles.data ?? [] }),
    [groups.data, queues.data, roles.data],
  );
  const roleNames = useMemo(() => new Map(options.roles.map((r) => [r.id, r.name])), [options.roles]);

  const saved = (text: string) => {
    notify.success(text);
    void list.reload();
    void groups.reload();
  };

  const remove = async (agent: Agent) => {
    try {
      await agentsApi.remove(agent.id);
      saved(t('common.deleted'));
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<Agent> = [
    { title: t('agent.number'), dataIndex: 'number', width: 110 },
    { title: t('agent.name'), dataIndex: 'name' },
    {
      title: t('agent.type'),
      dataIndex: 'type',
      width: 110,
      render: (type: Agent['type']) =>
        type === 'supervisor' ? <Tag color="purple">{t('agent.type.supervisor')}</Tag> : t('agent.type.agent'),
    },
    { title: t('agent.group'), dataIndex: 'groupName' },
    { title: t('agent.role'), dataIndex: 'roleId', render: (id: string | null) => (id ? (roleNames.get(id) ?? '') : '') },
    {
      title: t('agent.enabled'),
      dataIndex: 'enabled',
      width: 90,
      render: (on: boolean) => (on ? <Tag color="green">{t('agent.enabledOn')}</Tag> : <Tag>{t('agent.enabledOff')}</Tag>),
    },
    {
      title: t('agent.regions'),
      dataIndex: 'regions',
      render: (regions: string[]) => regions.map((r) => <Tag key={r}>{r}</Tag>),
    },
    { title: t('agent.employee'), dataIndex: 'employeeName', width: 130 },
    { title: t('agent.extension'), dataIndex: 'extensionNumber', width: 130 },
    {
      title: t('agent.skills'),
      dataIndex: 'skills',
      render: (skills: Agent['skills']) => skills.map((s) => <Tag key={s.queueId}>{`${s.queueName} ${s.level}`}</Tag>),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 220,
      render: (_, a) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => setEditing(a)} data-testid="agent-edit">
            {t('common.edit')}
          </Button>
          {a.type === 'supervisor' && (
            <Button size="small" type="link" onClick={() => setScoping(a)} data-testid="agent-scope">
              {t('agent.supervisorScope')}
            </Button>
          )}
          <Popconfirm
            title={t('common.confirmDelete', { name: `${a.name} (${a.number})` })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(a)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="agent-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.agents')} data-testid="agents-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('agent.searchPlaceholder')}
          onSearch={(q) => setFilters((f) => ({ ...f, page: 1, q: q.trim() || undefined }))}
          style={{ width: 240 }}
          data-testid="agent-search"
        />
        <Select
          allowClear
          placeholder={t('agent.filterGroup')}
          options={options.groups.map((g) => ({ value: g.id, label: g.name }))}
          style={{ width: 180 }}
          onChange={(groupId?: string) => setFilters((f) => ({ ...f, page: 1, groupId: groupId || undefined }))}
          data-testid="agent-group-filter"
        />
        <Select
          allowClear
          placeholder={t('agent.filterType')}
          options={[
            { value: 'agent', label: t('agent.type.agent') },
            { value: 'supervisor', label: t('agent.type.supervisor') },
          ]}
          style={{ width: 140 }}
          onChange={(type?: Agent['type']) => setFilters((f) => ({ ...f, page: 1, type }))}
          data-testid="agent-type-filter"
        />
        {canWrite && (
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="agent-add">
              {t('common.add')}
            </Button>
            <Button icon={<UsergroupAddOutlined />} onClick={() => setBatchOpen(true)} data-testid="agent-batch">
              {t('agent.batch')}
            </Button>
          </>
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<Agent>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        scroll={{ x: 1400 }}
        data-testid="agents-table"
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page: pageSize === f.pageSize ? page : 1, pageSize })),
        }}
      />
      <AgentFormModal
        editing={editing}
        options={options}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          saved(t('common.saved'));
        }}
      />
      <AgentBatchModal
        open={batchOpen}
        options={options}
        onClose={() => setBatchOpen(false)}
        onSaved={(count) => {
          setBatchOpen(false);
          saved(t('agent.batchCreated', { count }));
        }}
      />
      <SupervisorScopeModal
        agent={scoping}
        options={options}
        onClose={() => setScoping(null)}
        onSaved={() => {
          setScoping(null);
          saved(t('common.saved'));
        }}
      />
    </Card>
  );
}
