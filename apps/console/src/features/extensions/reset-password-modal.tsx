import type { Extension } from '@rexian/contracts';
import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { type ExtensionWithSecret, extensionsApi } from './extensions-api.ts';

/** 重置密码: a typed password (checked by the server) or, left empty, a generated one; shown once after. */
export function ResetPasswordModal(props: {
  target: Extension | null;
  onClose: () => void;
  onDone: (result: ExtensionWithSecret) => void;
}) {
  const { target, onClose, onDone } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<{ password?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (target === null) return;
    setError(null);
    form.resetFields();
  }, [target, form]);

  const submit = async () => {
    if (!target) return;
    const password = form.getFieldValue('password')?.trim();
    setBusy(true);
    setError(null);
    try {
      onDone(await extensionsApi.resetPassword(target.id, password ? { password } : {}));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={target ? t('ext.resetTitle', { number: target.number }) : ''}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('ext.resetPassword')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'ext-reset-save' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Alert type="info" showIcon title={t('ext.resetHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical">
        <Form.Item name="password" label={t('ext.password')} extra={t('ext.passwordHint')}>
          <Input.Password autoComplete="new-password" maxLength={64} data-testid="ext-reset-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
