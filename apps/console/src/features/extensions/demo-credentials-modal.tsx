import { Alert, Modal, Table } from 'antd';
import { ApiError } from '../../api/api-error.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { useLoad } from '../../shared/use-load.ts';
import { type DemoCredential, extensionsApi } from './extensions-api.ts';

/** Demo mode: the generated passwords of the demo extensions, for registering a softphone (404 when none). */
export function DemoCredentialsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const list = useLoad(() => (open ? extensionsApi.demoCredentials() : Promise.resolve(null)), [open]);
  const none = list.error instanceof ApiError && list.error.status === 404;
  return (
    <Modal
      open={open}
      title={t('ext.demoTitle')}
      onCancel={onClose}
      footer={null}
      width={640}
      data-testid="demo-credentials-modal"
    >
      {none && <Alert type="info" showIcon title={t('ext.demoNone')} data-testid="demo-none" />}
      {list.error !== undefined && !none && <Alert type="error" showIcon title={errorText(list.error, t)} />}
      {list.data && (
        <>
          <Alert type="warning" showIcon title={t('ext.demoHint')} style={{ marginBottom: 16 }} />
          <Table<DemoCredential>
            rowKey="number"
            size="small"
            pagination={false}
            dataSource={list.data.extensions}
            columns={[
              { title: t('ext.number'), dataIndex: 'number' },
              { title: t('ext.password'), dataIndex: 'password', render: (v: string) => <code>{v}</code> },
              { title: t('ext.realm'), dataIndex: 'realm' },
            ]}
            data-testid="demo-credentials-table"
          />
        </>
      )}
    </Modal>
  );
}
