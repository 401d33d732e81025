import type { TrunkDto } from '@rexian/contracts';
import { Alert, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { trunksApi } from './dialplan-api.ts';
import { trunkAuthModes, trunkCodecs, trunkTransports } from './dialplan-values.ts';
import { newTrunkValues, type TrunkFormValues, trunkCreateFromForm, trunkToForm, trunkUpdateFromForm } from './trunk-values.ts';

/**
 * 添加 / 编辑中继: where the carrier is (host, port, transport), how it authenticates (registration with
 * user name and password, or an IP peer recognised by its source addresses), channel limit, caller ID and
 * codecs. The password is write-only: the form never shows it, an empty field keeps the stored one.
 */
export function TrunkFormModal(props: { editing: TrunkDto | 'new' | null; onClose: () => void; onSaved: () => void }) {
  const { editing, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<TrunkFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const authMode = Form.useWatch('authMode', form);
  const current = editing !== null && editing !== 'new' ? editing : null;

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(editing === 'new' ? newTrunkValues() : trunkToForm(editing));
  }, [editing, form]);

  const submit = async () => {
    await form.validateFields();
    const values: TrunkFormValues = form.getFieldsValue(true);
    setBusy(true);
    setError(null);
    try {
      if (current) await trunksApi.update(current.id, trunkUpdateFromForm(values));
      else await trunksApi.create(trunkCreateFromForm(values));
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
      title={current ? t('trunk.editTitle') : t('trunk.addTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'trunk-save' }}
      forceRender
      width={680}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={newTrunkValues()}>
        <Space wrap align="start">
          <Form.Item name="name" label={t('trunk.name')} rules={required(t('trunk.name'))}>
            <Input maxLength={64} style={{ width: 240 }} data-testid="trunk-name" />
          </Form.Item>
          <Form.Item name="enabled" label={t('dp.enabled')} valuePropName="checked">
            <Switch data-testid="trunk-enabled" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="host" label={t('trunk.host')} rules={required(t('trunk.host'))}>
            <Input maxLength={253} style={{ width: 260 }} placeholder="sip.carrier.example" data-testid="trunk-host" />
          </Form.Item>
          <Form.Item name="port" label={t('trunk.port')}>
            <InputNumber min={1} max={65535} style={{ width: 110 }} data-testid="trunk-port" />
          </Form.Item>
          <Form.Item name="transport" label={t('trunk.transport')}>
            <Select
              options={trunkTransports.map((x) => ({ value: x, label: x.toUpperCase() }))}
              style={{ width: 100 }}
              data-testid="trunk-transport"
            />
          </Form.Item>
        </Space>
        <Form.Item name="authMode" label={t('trunk.authMode')}>
          <Radio.Group
            options={trunkAuthModes.map((m) => ({ value: m, label: t(`trunk.authMode.${m}`) }))}
            data-testid="trunk-auth-mode"
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="username" label={t('trunk.username')}>
            <Input maxLength={128} style={{ width: 220 }} autoComplete="off" data-testid="trunk-username" />
          </Form.Item>
          <Form.Item name="password" label={t('trunk.password')}>
            <Input.Password
              maxLength={128}
              style={{ width: 220 }}
              autoComplete="new-password"
              placeholder={current ? (current.hasPassword ? t('trunk.passwordKeep') : t('trunk.passwordNone')) : ''}
              data-testid="trunk-password"
            />
          </Form.Item>
          {authMode === 'register' && (
            <Form.Item name="registerExpirySeconds" label={t('trunk.expiry')}>
              <InputNumber min={60} max={86400} style={{ width: 140 }} data-testid="trunk-expiry" />
            </Form.Item>
          )}
        </Space>
        {authMode === 'register' && (
          <Form.Item name="realm" label={t('trunk.realm')} extra={t('trunk.realmHint')}>
            <Input maxLength={128} style={{ width: 260 }} autoComplete="off" data-testid="trunk-realm" />
          </Form.Item>
        )}
        {authMode === 'ip' && current?.hasPassword && (
          <Form.Item name="clearPassword" valuePropName="checked">
            <Checkbox data-testid="trunk-clear-password">{t('trunk.clearPassword')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="inboundAddresses" label={t('trunk.inboundAddresses')} extra={t('trunk.inboundHint')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ']} data-testid="trunk-inbound" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="maxChannels" label={t('trunk.maxChannels')} extra={t('trunk.maxChannelsHint')}>
            <InputNumber min={0} max={100000} style={{ width: 140 }} data-testid="trunk-max-channels" />
          </Form.Item>
          <Form.Item name="callerId" label={t('trunk.callerId')}>
            <Input maxLength={33} style={{ width: 200 }} data-testid="trunk-caller-id" />
          </Form.Item>
        </Space>
        <Form.Item
          name="codecs"
          label={t('trunk.codecs')}
          rules={[{ required: true, type: 'array', min: 1, message: t('common.required', { field: t('trunk.codecs') }) }]}
        >
          <Select mode="multiple" options={trunkCodecs.map((c) => ({ value: c, label: c }))} data-testid="trunk-codecs" />
        </Form.Item>
        <Form.Item name="notes" label={t('dp.notes')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="trunk-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
