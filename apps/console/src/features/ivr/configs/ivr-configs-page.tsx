import { DownloadOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Modal, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useCan } from '../../../layout/require-permission.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { formatDateTime } from '../../../shared/format-date.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useNotify } from '../../../shared/use-notify.ts';
import { type IvrConfigDto, ivrConfigsApi, ivrProjectsApi } from '../ivr-api.ts';
import { TryPanel } from '../projects/try-panel.tsx';
import { IvrConfigFormModal } from './ivr-config-form-modal.tsx';

/** CTI 管理 → IVR 配置 (§4.6.8): IVR numbers bound to an uploaded or built VoiceXML document. */
export function IvrConfigsPage() {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('ivr.write');
  const [q, setQ] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<IvrConfigDto | 'new' | null>(null);
  const [trying, setTrying] = useState<IvrConfigDto | null>(null);
  const list = useLoad(() => ivrConfigsApi.list(q), [q]);
  const projects = useLoad(() => (editing === null ? Promise.resolve([]) : ivrProjectsApi.list()), [editing === null]);

  const run = async (action: () => Promise<unknown>, done?: string) => {
    try {
      await action();
      if (done) {
        notify.success(done);
        await list.reload();
      }
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<IvrConfigDto> = [
    { title: t('ivrConfig.number'), dataIndex: 'number' },
    { title: t('ivrConfig.name'), dataIndex: 'name' },
    {
      title: t('ivrConfig.vxml'),
      key: 'file',
      render: (_, c) => (
        <Space size={4}>
          <Tag color={c.source === 'built' ? 'blue' : 'default'}>{t(`ivrConfig.source.${c.source}`)}</Tag>
          {c.fileName}
        </Space>
      ),
    },
    { title: t('ivrConfig.notes'), dataIndex: 'notes' },
    { title: t('ivrConfig.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, locale) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) => (
        <Space size={0}>
          <Button
            size="small"
            type="link"
            icon={<DownloadOutlined />}
            onClick={() => void run(() => ivrConfigsApi.downloadVxml(c))}
            data-testid="ivr-config-download"
          >
            {t('ivrConfig.download')}
          </Button>
          <Button
            size="small"
            type="link"
            icon={<PlayCircleOutlined />}
            onClick={() => setTrying(c)}
            data-testid="ivr-config-try"
          >
            {t('ivrTry.title')}
          </Button>
          {canWrite && (
            <Button size="small" type="link" onClick={() => setEditing(c)} data-testid="ivr-config-edit">
              {t('common.edit')}
            </Button>
          )}
          {canWrite && (
            <Popconfirm
              title={t('common.confirmDelete', { name: c.number })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => run(() => ivrConfigsApi.remove(c.id), t('common.deleted'))}
              okButtonProps={{ 'data-testid': 'confirm-delete' }}
            >
              <Button size="small" type="link" danger data-testid="ivr-config-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('nav.ivrConfigs')} data-testid="ivrConfigs-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('ivrConfig.searchPlaceholder')}
          onSearch={(text) => setQ(text.trim() || undefined)}
          style={{ width: 240 }}
          data-testid="ivr-config-search"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="ivr-config-add">
            {t('common.add')}
          </Button>
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<IvrConfigDto>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        data-testid="ivr-configs-table"
        pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { total }) }}
      />
      <Modal
        open={trying !== null}
        title={trying ? `${t('ivrTry.title')}: ${trying.number} ${trying.name}` : ''}
        onCancel={() => setTrying(null)}
        footer={null}
        width={820}
        destroyOnHidden
      >
        {trying && <TryPanel run={(input) => ivrConfigsApi.try(trying.id, input)} />}
      </Modal>
      <IvrConfigFormModal
        editing={editing}
        projects={projects.data ?? []}
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
