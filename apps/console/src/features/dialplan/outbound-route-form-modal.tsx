import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { AccessNumberDto, OutboundRouteDto, TrunkDto } from '@rexian/contracts';
import { Alert, Button, Divider, Form, Input, InputNumber, Modal, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { outboundRoutesApi } from './dialplan-api.ts';
import { dialRuleKinds } from './dialplan-values.ts';
import { newRouteValues, type RouteFormValues, rewritePreview, routeFromForm, routeToForm } from './route-values.ts';

/**
 * 添加 / 编辑外呼路由: the number rules it takes, the trunks in failover order, the caller ID (an access
 * number of type out/both), digits stripped and prepended, and its place in the list.
 */
export function OutboundRouteFormModal(props: {
  editing: OutboundRouteDto | 'new' | null;
  trunks: readonly TrunkDto[];
  accessNumbers: readonly AccessNumberDto[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { editing, trunks, accessNumbers, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<RouteFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const strip = Form.useWatch('stripDigits', form) ?? 0;
  const prepend = Form.useWatch('prepend', form) ?? '';
  const current = editing !== null && editing !== 'new' ? editing : null;

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(editing === 'new' ? newRouteValues() : routeToForm(editing));
  }, [editing, form]);

  const submit = async () => {
    await form.validateFields();
    const input = routeFromForm(form.getFieldsValue(true));
    setBusy(true);
    setError(null);
    try {
      if (current) await outboundRoutesApi.update(current.id, input);
      else await outboundRoutesApi.create(input);
      onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const sample = '9013800138000';
  return (
    <Modal
      open={editing !== null}
      title={current ? t('route.editTitle') : t('route.addTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'route-save' }}
      forceRender
      width={680}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={newRouteValues()}>
        <Space wrap align="start">
          <Form.Item
            name="name"
            label={t('route.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('route.name') }) }]}
          >
            <Input maxLength={64} style={{ width: 240 }} data-testid="route-name" />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('route.sortOrder')} tooltip={t('route.sortOrderHint')}>
            <InputNumber min={-100000} max={100000} style={{ width: 110 }} data-testid="route-sort-order" />
          </Form.Item>
          <Form.Item name="enabled" label={t('dp.enabled')} valuePropName="checked">
            <Switch data-testid="route-enabled" />
          </Form.Item>
        </Space>

        <Divider titlePlacement="start">{t('route.rules')}</Divider>
        <Typography.Paragraph type="secondary">{t('route.ruleHint')}</Typography.Paragraph>
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }} data-testid="route-rule">
                  <Form.Item name={[field.name, 'kind']}>
                    <Select
                      options={dialRuleKinds.map((k) => ({ value: k, label: t(`route.rule.${k}`) }))}
                      style={{ width: 100 }}
                      data-testid={`route-rule-kind-${i}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'value']}
                    rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('route.rules') }) }]}
                  >
                    <Input maxLength={64} style={{ width: 260 }} data-testid={`route-rule-value-${i}`} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} data-testid={`route-rule-remove-${i}`} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'prefix', value: '' })} data-testid="route-add-rule">
                {t('route.addRule')}
              </Button>
            </>
          )}
        </Form.List>

        <Divider />
        <Form.Item name="trunkIds" label={t('route.trunks')} extra={t('route.trunksHint')}>
          <Select
            mode="multiple"
            options={trunks.map((x) => ({ value: x.id, label: x.name }))}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="route-trunks"
          />
        </Form.Item>
        <Form.Item name="callerIdAccessNumberId" label={t('route.callerId')}>
          <Select
            allowClear
            placeholder={t('route.callerIdDefault')}
            options={accessNumbers
              .filter((a) => a.callType !== 'in')
              .map((a) => ({ value: a.id, label: a.notes ? `${a.number} ${a.notes}` : a.number }))}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="route-caller-id"
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="stripDigits" label={t('route.strip')}>
            <InputNumber min={0} max={32} style={{ width: 110 }} data-testid="route-strip" />
          </Form.Item>
          <Form.Item name="prepend" label={t('route.prepend')}>
            <Input maxLength={32} style={{ width: 140 }} data-testid="route-prepend" />
          </Form.Item>
          <Form.Item label={t('route.rewrite')}>
            <Typography.Text type="secondary" data-testid="route-preview">
              {t('route.preview', { dialled: sample, sent: rewritePreview(sample, strip, prepend) })}
            </Typography.Text>
          </Form.Item>
        </Space>
        <Form.Item name="notes" label={t('dp.notes')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="route-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
