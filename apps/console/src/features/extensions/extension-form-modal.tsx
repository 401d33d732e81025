import type { Extension } from '@rexian/contracts';
import { Alert, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { EmployeePicker } from '../users/employee-picker.tsx';
import { codecNames } from './extension-values.ts';
import { type ExtensionWithSecret, extensionsApi } from './extensions-api.ts';

type FormValues = {
  number: string;
  displayName: string;
  password?: string;
  enabled: boolean;
  maxContacts: number;
  codecs: string[];
  employeeId: string | null;
};

type Codec = (typeof codecNames)[number];
const defaults = { enabled: true, maxContacts: 3, codecs: ['PCMU', 'PCMA', 'G722', 'telephone-event'], employeeId: null };

/**
 * 添加分机 / 编辑分机. The password rule is the server's (manual §4.3.2 note 2); the console leaves it to
 * the server so the message shown is the server's own. A created extension's password comes back once.
 */
export function ExtensionFormModal(props: {
  editing: Extension | 'new' | null;
  onClose: () => void;
  onCreated: (created: ExtensionWithSecret) => void;
  onSaved: () => void;
}) {
  const { editing, onClose, onCreated, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isNew = editing === 'new';

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.resetFields();
    if (editing !== 'new') form.setFieldsValue({ ...editing, password: '' });
  }, [editing, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const common = {
        displayName: v.displayName ?? '',
        enabled: v.enabled,
        maxContacts: v.maxContacts,
        codecs: v.codecs as Codec[],
        employeeId: v.employeeId ?? null,
      };
      if (editing !== null && editing !== 'new') {
        await extensionsApi.update(editing.id, common);
        onSaved();
      } else {
        const password = v.password?.trim();
        onCreated(await extensionsApi.create({ ...common, number: v.number.trim(), ...(password ? { password } : {}) }));
      }
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const current =
    editing !== null && editing !== 'new' && editing.employeeId
      ? { value: editing.employeeId, label: editing.employeeName ?? editing.employeeId }
      : null;
  return (
    <Modal
      open={editing !== null}
      title={isNew || editing === null ? t('ext.addTitle') : t('ext.editTitle', { number: editing.number })}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'ext-save' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={defaults}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="number"
              label={t('ext.number')}
              rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('ext.number') }) }]}
            >
              <Input disabled={!isNew} maxLength={12} autoComplete="off" data-testid="ext-number" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="displayName" label={t('ext.displayName')}>
              <Input maxLength={64} data-testid="ext-display-name" />
            </Form.Item>
          </Col>
        </Row>
        {isNew && (
          <Form.Item name="password" label={t('ext.password')} extra={t('ext.passwordHint')}>
            <Input.Password autoComplete="new-password" maxLength={64} data-testid="ext-password" />
          </Form.Item>
        )}
        <Form.Item name="employeeId" label={t('ext.employee')}>
          <EmployeePicker current={current} />
        </Form.Item>
        <Form.Item
          name="codecs"
          label={t('ext.codecs')}
          rules={[{ required: true, message: t('common.required', { field: t('ext.codecs') }) }]}
        >
          <Select mode="multiple" options={codecNames.map((c) => ({ value: c, label: c }))} data-testid="ext-codecs" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="maxContacts" label={t('ext.maxContacts')}>
              <InputNumber min={1} max={20} precision={0} style={{ width: '100%' }} data-testid="ext-max-contacts" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="enabled" label={t('ext.enabled')} valuePropName="checked">
              <Switch data-testid="ext-enabled" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
