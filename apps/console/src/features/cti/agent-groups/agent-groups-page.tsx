import { PlusOutlined } from '@ant-design/icons';
import type { AgentGroup } from '@rexian/contracts';
import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useCan } from '../../../layout/require-permission.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useNotify } from '../../../shared/use-notify.ts';
import { agentGroupsApi } from '../cti-api.ts';

/** CTI 管理 → 座席组 (§4.6.2): add, rename, delete (empty groups only; the server says why not), search. */
export function AgentGroupsPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('cti.agent.write');
  const [q, setQ] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<AgentGroup | 'new' | null>(null);
  const list = useLoad(() => agentGroupsApi.list(q), [q]);

  const remove = async (group: AgentGroup) => {
    try {
      await agentGroupsApi.remove(group.id);
      notify.success(t('common.deleted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<AgentGroup> = [
    { title: t('agentGroup.name'), dataIndex: 'name' },
    { title: t('agentGroup.agentCount'), dataIndex: 'agentCount', width: 160 },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, g) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => setEditing(g)} data-testid="agent-group-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: g.name })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(g)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="agent-group-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.agentGroups')} data-testid="agentGroups-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('agentGroup.searchPlaceholder')}
          onSearch={(text) => setQ(text.trim() || undefined)}
          style={{ width: 240 }}
          data-testid="agent-group-search"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="agent-group-add">
            {t('common.add')}
          </Button>
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<AgentGroup>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        data-testid="agent-groups-table"
        pagination={{ showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
      />
      <AgentGroupModal
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          notify.success(t('common.saved'));
          void list.reload();
        }}
      />
    </Card>
  );
}

function AgentGroupModal(props: { editing: AgentGroup | 'new' | null; onClose: () => void; onSaved: () => void }) {
  const { editing, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.setFieldsValue({ name: editing === 'new' ? '' : editing.name });
  }, [editing, form]);

  const submit = async () => {
    const { name } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (editing !== null && editing !== 'new') await agentGroupsApi.rename(editing.id, name.trim());
      else await agentGroupsApi.create(name.trim());
      onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={editing !== null}
      title={editing === 'new' ? t('agentGroup.addTitle') : t('agentGroup.editTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'agent-group-save' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="name"
          label={t('agentGroup.name')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('agentGroup.name') }) },
            { max: 64 },
          ]}
        >
          <Input maxLength={64} data-testid="agent-group-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
