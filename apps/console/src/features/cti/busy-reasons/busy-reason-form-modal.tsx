import type { BusyReasonDto } from '@rexian/contracts';
import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { busyReasonsApi } from '../cti-api.ts';

type FormValues = { code: string; name: string; sortOrder: number };

/** Add a custom busy reason (code fixed once created) or rename / reorder any reason. */
export function BusyReasonFormModal(props: { editing: BusyReasonDto | 'new' | null; onClose: () => void; onSaved: () => void }) {
  const { editing, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isNew = editing === 'new';

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.resetFields();
    if (editing !== 'new') form.setFieldsValue({ code: editing.code, name: editing.name, sortOrder: editing.sortOrder });
  }, [editing, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (editing !== null && editing !== 'new')
        await busyReasonsApi.update(editing.id, { name: v.name.trim(), sortOrder: v.sortOrder ?? 10 });
      else await busyReasonsApi.create({ code: v.code.trim(), name: v.name.trim(), sortOrder: v.sortOrder ?? 10 });
      onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  return (
    <Modal
      open={editing !== null}
      title={isNew ? t('busyReason.addTitle') : t('busyReason.editTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'busy-reason-save' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={{ sortOrder: 10 }}>
        <Form.Item
          name="code"
          label={t('busyReason.code')}
          extra={t('busyReason.codeHint')}
          rules={required(t('busyReason.code'))}
        >
          <Input maxLength={32} disabled={!isNew} data-testid="busy-reason-code" />
        </Form.Item>
        <Form.Item name="name" label={t('busyReason.name')} rules={[...required(t('busyReason.name')), { max: 32 }]}>
          <Input maxLength={32} data-testid="busy-reason-name" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('busyReason.sortOrder')}>
          <InputNumber min={0} max={1000} precision={0} data-testid="busy-reason-sort" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
