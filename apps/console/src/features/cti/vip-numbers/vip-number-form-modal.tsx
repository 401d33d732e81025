import type { Queue, VipNumber } from '@rexian/contracts';
import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { blankToNull } from '../../../shared/optional-text.ts';
import { vipNumbersApi } from '../cti-api.ts';

type FormValues = { number: string; isGlobal: boolean; queueIds: string[]; notes?: string | null };

/** 添加 / 编辑 VIP 号码 (§4.6.6): global (every queue) or only for the picked queues. The number is fixed once saved. */
export function VipNumberFormModal(props: {
  editing: VipNumber | 'new' | null;
  queues: readonly Queue[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { editing, queues, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isGlobal = Form.useWatch('isGlobal', form);

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.resetFields();
    if (editing !== 'new')
      form.setFieldsValue({
        number: editing.number,
        isGlobal: editing.isGlobal,
        queueIds: editing.queueIds,
        notes: editing.notes,
      });
  }, [editing, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const common = { isGlobal: v.isGlobal, queueIds: v.isGlobal ? [] : (v.queueIds ?? []), notes: blankToNull(v.notes) };
    setBusy(true);
    setError(null);
    try {
      if (editing !== null && editing !== 'new') await vipNumbersApi.update(editing.id, common);
      else await vipNumbersApi.create({ number: v.number.trim(), ...common });
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
      title={editing === 'new' ? t('vip.addTitle') : t('vip.editTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'vip-save' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={{ isGlobal: true, queueIds: [] }}>
        <Form.Item
          name="number"
          label={t('vip.number')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('vip.number') }) }]}
        >
          <Input maxLength={32} disabled={editing !== 'new'} data-testid="vip-number" />
        </Form.Item>
        <Form.Item name="isGlobal" label={t('vip.isGlobal')}>
          <Radio.Group data-testid="vip-global">
            <Radio value={true} data-testid="vip-global-yes">
              {t('common.yes')}
            </Radio>
            <Radio value={false} data-testid="vip-global-no">
              {t('common.no')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {isGlobal === false && (
          <Form.Item name="queueIds" label={t('vip.queues')}>
            <Select
              mode="multiple"
              options={queues.map((q) => ({ value: q.id, label: `${q.name} (${q.number})` }))}
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="vip-queues"
            />
          </Form.Item>
        )}
        <Form.Item name="notes" label={t('vip.notes')} rules={[{ max: 200 }]}>
          <Input.TextArea rows={2} maxLength={200} data-testid="vip-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
