import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useCan } from '../../../layout/require-permission.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { formatDateTime } from '../../../shared/format-date.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useNotify } from '../../../shared/use-notify.ts';
import { type IvrProjectSummary, ivrProjectsApi } from '../ivr-api.ts';
import { ProjectCreateModal } from './project-create-modal.tsx';
import { ProjectDesigner } from './project-designer.tsx';

/** CTI 管理 → IVR 设计 → 项目管理 (§4.6.7): the project list; `?open=<id>` opens the designer. */
export function IvrProjectsPage() {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('ivr.write');
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState<string | undefined>(undefined);
  const [adding, setAdding] = useState(false);
  const openId = params.get('open');
  const list = useLoad(() => (openId ? Promise.resolve(null) : ivrProjectsApi.list(q)), [q, openId]);
  const open = (id: string | null) => setParams(id ? { open: id } : {});

  if (openId) return <ProjectDesigner id={openId} canWrite={canWrite} onBack={() => open(null)} />;

  const remove = async (p: IvrProjectSummary) => {
    try {
      await ivrProjectsApi.remove(p.id);
      notify.success(t('common.deleted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<IvrProjectSummary> = [
    {
      title: t('ivrProject.name'),
      dataIndex: 'name',
      render: (name: string, p) => (
        <Button type="link" onClick={() => open(p.id)} style={{ padding: 0 }} data-testid="project-open">
          {name}
        </Button>
      ),
    },
    { title: t('ivrProject.timeoutQueue'), dataIndex: 'timeoutQueue' },
    {
      title: t('ivrProject.state'),
      key: 'state',
      render: (_, p) => (
        <Space size={4}>
          {p.builtAt ? <Tag color="green">{t('ivrProject.built')}</Tag> : <Tag>{t('ivrProject.notBuilt')}</Tag>}
          {p.issues.length > 0 && (
            <Tag color="red" data-testid="project-issue-count">
              {t('ivrProject.issues', { n: p.issues.length })}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t('ivrProject.builtAt'), dataIndex: 'builtAt', render: (v: string | null) => formatDateTime(v, locale) },
    { title: t('ivrProject.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, locale) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, p) => (
        <Space size={0}>
          <Button size="small" type="link" onClick={() => open(p.id)} data-testid="project-open-action">
            {t('ivrProject.open')}
          </Button>
          {canWrite && (
            <Popconfirm
              title={t('common.confirmDelete', { name: p.name })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => remove(p)}
              okButtonProps={{ 'data-testid': 'confirm-delete' }}
            >
              <Button size="small" type="link" danger data-testid="project-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('nav.ivrProjects')} data-testid="ivrProjects-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('ivrProject.searchPlaceholder')}
          onSearch={(text) => setQ(text.trim() || undefined)}
          style={{ width: 240 }}
          data-testid="project-search"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="project-add">
            {t('ivrProject.add')}
          </Button>
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<IvrProjectSummary>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        data-testid="ivr-projects-table"
        pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { total }) }}
      />
      <ProjectCreateModal
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(p) => {
          setAdding(false);
          notify.success(t('common.saved'));
          open(p.id);
        }}
      />
    </Card>
  );
}
