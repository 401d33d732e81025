import type { AccessNumberDto, CallTargetOptions, ScheduleDto } from '@rexian/contracts';
import { Alert, Form, Input, Modal, Radio, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import {
  type AccessNumberFormValues,
  accessNumberFromForm,
  accessNumberToForm,
  newAccessNumberValues,
} from './access-number-values.ts';
import { CallTargetField } from './call-target-field.tsx';
import { accessNumbersApi } from './dialplan-api.ts';
import { accessNumberCallTypes } from './dialplan-values.ts';

/**
 * 添加 / 编辑接入号 (§4.6.9): number, call type, VIP, and either one target or 分时段业务 — a schedule with a
 * target for working hours, after hours and (optionally) holidays. The number is fixed once saved.
 */
export function AccessNumberFormModal(props: {
  editing: AccessNumberDto | 'new' | null;
  schedules: readonly ScheduleDto[];
  targets: CallTargetOptions | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { editing, schedules, targets, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<AccessNumberFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const timeRouting = Form.useWatch('timeRoutingEnabled', form);
  const current = editing !== null && editing !== 'new' ? editing : null;

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(editing === 'new' ? newAccessNumberValues() : accessNumberToForm(editing));
  }, [editing, form]);

  const submit = async () => {
    await form.validateFields();
    const { number, ...body } = accessNumberFromForm(form.getFieldsValue(true));
    setBusy(true);
    setError(null);
    try {
      if (current) await accessNumbersApi.update(current.id, body);
      else await accessNumbersApi.create({ number, ...body });
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
      title={current ? t('an.editTitle', { number: current.number }) : t('an.addTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'an-save' }}
      forceRender
      width={640}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={newAccessNumberValues()}>
        <Form.Item
          name="number"
          label={t('an.number')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('an.number') }) }]}
        >
          <Input maxLength={33} disabled={current !== null} data-testid="an-number" />
        </Form.Item>
        <Form.Item name="callType" label={t('an.callType')}>
          <Radio.Group
            options={accessNumberCallTypes.map((c) => ({ value: c, label: t(`an.callType.${c}`) }))}
            data-testid="an-call-type"
          />
        </Form.Item>
        <Form.Item name="vip" label={t('an.vip')} valuePropName="checked">
          <Switch data-testid="an-vip" />
        </Form.Item>
        <Form.Item name="timeRoutingEnabled" label={t('an.timeRouting')} valuePropName="checked" extra={t('an.timeRoutingHint')}>
          <Switch data-testid="an-time-routing" />
        </Form.Item>
        {timeRouting ? (
          <>
            <Form.Item
              name="scheduleId"
              label={t('an.schedule')}
              rules={[{ required: true, message: t('common.required', { field: t('an.schedule') }) }]}
            >
              <Select
                options={schedules.map((s) => ({ value: s.id, label: `${s.name} (${s.timeZone})` }))}
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="an-schedule"
              />
            </Form.Item>
            <Form.Item name="workingHours" label={t('an.workingHours')}>
              <CallTargetField options={targets} testId="an-working" />
            </Form.Item>
            <Form.Item name="afterHours" label={t('an.afterHours')}>
              <CallTargetField options={targets} testId="an-after" />
            </Form.Item>
            <Form.Item name="holiday" label={t('an.holiday')}>
              <CallTargetField options={targets} noneLabel={t('dp.target.sameAsAfterHours')} testId="an-holiday" />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="target" label={t('an.target')}>
            <CallTargetField options={targets} noneLabel={t('dp.target.none')} testId="an-target" />
          </Form.Item>
        )}
        <Form.Item name="notes" label={t('dp.notes')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="an-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
