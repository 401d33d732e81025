import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n-context.tsx';

/**
 * The password the server returns once (on create and reset): it keeps only digest hashes, so this modal
 * is the one chance to copy it. No close button besides the explicit "I have saved it".
 */
export function SecretModal({ secret, onClose }: { secret: { number: string; password: string } | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.password);
      void message.success(t('ext.copied'));
    } catch {
      void message.warning(t('ext.copyFailed'));
    }
  };
  return (
    <Modal
      open={secret !== null}
      title={secret ? t('ext.secretTitle', { number: secret.number }) : ''}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-done">
          {t('ext.secretDone')}
        </Button>
      }
      data-testid="secret-modal"
    >
      <Alert type="warning" showIcon title={t('ext.secretOnce')} style={{ marginBottom: 16 }} />
      <Space>
        <Typography.Text code copyable={false} style={{ fontSize: 18 }} data-testid="secret-password">
          {secret?.password ?? ''}
        </Typography.Text>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="secret-copy">
          {t('ext.copy')}
        </Button>
      </Space>
    </Modal>
  );
}
