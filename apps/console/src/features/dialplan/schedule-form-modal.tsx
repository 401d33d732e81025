import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ScheduleDto } from '@rexian/contracts';
import { Alert, Button, Divider, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { DateField } from './date-field.tsx';
import { schedulesApi } from './dialplan-api.ts';
import { timeZoneOptions, weekdays } from './dialplan-values.ts';
import {
  HHMM,
  newScheduleValues,
  type ScheduleFormValues,
  scheduleFromForm,
  scheduleToForm,
  workdayPeriods,
} from './schedule-values.ts';

/**
 * 添加 / 编辑时间段 (§4.10.12): working-hour periods per weekday (several a day; an end not after the start
 * runs past midnight), holidays (one day or a range), adjusted working days (调休) and the time zone.
 */
export function ScheduleFormModal(props: { editing: ScheduleDto | 'new' | null; onClose: () => void; onSaved: () => void }) {
  const { editing, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<ScheduleFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const current = editing !== null && editing !== 'new' ? editing : null;
  const zones = useMemo(() => timeZoneOptions().map((z) => ({ value: z, label: z })), []);
  const weekdayOptions = weekdays.map((d) => ({ value: d, label: t(`dp.weekday.${d}`) }));
  const timeRule = [{ required: true, pattern: HHMM, message: t('sch.timeFormat') }];

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(editing === 'new' ? newScheduleValues() : scheduleToForm(editing));
  }, [editing, form]);

  const submit = async () => {
    await form.validateFields();
    const input = scheduleFromForm(form.getFieldsValue(true));
    setBusy(true);
    setError(null);
    try {
      if (current) await schedulesApi.update(current.id, input);
      else await schedulesApi.create(input);
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
      title={current ? t('sch.editTitle') : t('sch.addTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'sch-save' }}
      forceRender
      width={720}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={newScheduleValues()}>
        <Space wrap align="start">
          <Form.Item
            name="name"
            label={t('sch.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('sch.name') }) }]}
          >
            <Input maxLength={64} style={{ width: 260 }} data-testid="sch-name" />
          </Form.Item>
          <Form.Item name="timeZone" label={t('sch.timeZone')}>
            <Select
              options={zones}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 260 }}
              data-testid="sch-time-zone"
            />
          </Form.Item>
        </Space>

        <Divider titlePlacement="start">{t('sch.workingPeriods')}</Divider>
        <Typography.Paragraph type="secondary">{t('sch.periodHint')}</Typography.Paragraph>
        <Form.List name="workingPeriods">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }} data-testid="sch-period">
                  <Form.Item name={[field.name, 'weekday']}>
                    <Select options={weekdayOptions} style={{ width: 100 }} data-testid={`sch-period-weekday-${i}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'start']} rules={timeRule}>
                    <Input placeholder="09:00" maxLength={5} style={{ width: 90 }} data-testid={`sch-period-start-${i}`} />
                  </Form.Item>
                  <span>–</span>
                  <Form.Item name={[field.name, 'end']} rules={timeRule}>
                    <Input placeholder="18:00" maxLength={5} style={{ width: 90 }} data-testid={`sch-period-end-${i}`} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} data-testid={`sch-period-remove-${i}`} />
                </Space>
              ))}
              <Space>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ weekday: 1, start: '09:00', end: '18:00' })}
                  data-testid="sch-add-period"
                >
                  {t('sch.addPeriod')}
                </Button>
                <Button onClick={() => form.setFieldValue('workingPeriods', workdayPeriods())} data-testid="sch-workdays">
                  {t('sch.workdays')}
                </Button>
              </Space>
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start">{t('sch.holidays')}</Divider>
        <Form.List name="holidays">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" wrap style={{ display: 'flex' }} data-testid="sch-holiday">
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('sch.holidayName') }]}
                  >
                    <Input
                      placeholder={t('sch.holidayName')}
                      maxLength={64}
                      style={{ width: 160 }}
                      data-testid={`sch-holiday-name-${i}`}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'from']} rules={[{ required: true, message: t('sch.date') }]}>
                    <DateField testId={`sch-holiday-from-${i}`} />
                  </Form.Item>
                  <span>–</span>
                  <Form.Item name={[field.name, 'to']}>
                    <DateField testId={`sch-holiday-to-${i}`} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} data-testid={`sch-holiday-remove-${i}`} />
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', from: null, to: null })}
                data-testid="sch-add-holiday"
              >
                {t('sch.addHoliday')}
              </Button>
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start">{t('sch.adjusted')}</Divider>
        <Typography.Paragraph type="secondary">{t('sch.adjustedHint')}</Typography.Paragraph>
        <Form.List name="adjustedWorkingDays">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }} data-testid="sch-adjusted">
                  <Form.Item name={[field.name, 'date']} rules={[{ required: true, message: t('sch.date') }]}>
                    <DateField testId={`sch-adjusted-date-${i}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'asWeekday']} label={t('sch.asWeekday')}>
                    <Select options={weekdayOptions} style={{ width: 100 }} data-testid={`sch-adjusted-weekday-${i}`} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} data-testid={`sch-adjusted-remove-${i}`} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ date: null, asWeekday: 1 })} data-testid="sch-add-adjusted">
                {t('sch.addAdjusted')}
              </Button>
            </>
          )}
        </Form.List>

        <Divider />
        <Form.Item name="notes" label={t('dp.notes')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="sch-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
