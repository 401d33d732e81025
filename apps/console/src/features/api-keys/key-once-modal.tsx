import { CopyOutlined } from '@ant-design/icons';
import type { ApiKeyCreated } from '@rexian/contracts';
import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n-context.tsx';

/**
 * The key the server returns once, on creation: it keeps only a SHA-256, so this modal is the one chance
 * to copy it. No close button besides the explicit "I have saved it"; closing destroys the content so the
 * key leaves the page (a hidden antd modal otherwise keeps its last children in the DOM).
 */
export function KeyOnceModal({ created, onClose }: { created: ApiKeyCreated | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      void message.success(t('apiKey.copied'));
    } catch {
      void message.warning(t('apiKey.copyFailed'));
    }
  };
  return (
    <Modal
      open={created !== null}
      title={created ? t('apiKey.keyTitle', { name: created.name }) : ''}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      width={640}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="api-key-done">
          {t('apiKey.keyDone')}
        </Button>
      }
      data-testid="api-key-modal"
    >
      <Alert type="warning" showIcon title={t('apiKey.keyOnce')} style={{ marginBottom: 16 }} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text code style={{ fontSize: 15, wordBreak: 'break-all' }} data-testid="api-key-value">
          {created?.key ?? ''}
        </Typography.Text>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="api-key-copy">
          {t('apiKey.copy')}
        </Button>
        <Typography.Text type="secondary">{t('apiKey.keyUsage')}</Typography.Text>
      </Space>
    </Modal>
  );
}
