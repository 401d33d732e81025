import type { Agent } from '@rexian/contracts';
import { Alert, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { agentsApi } from '../cti-api.ts';
import { type AgentOptions, passwordRule } from './agent-options.ts';

type FormValues = {
  startNumber: string;
  count: number;
  password: string;
  type: Agent['type'];
  roleId?: string | null;
  groupId?: string | null;
  enabled: boolean;
  regions: string[];
};

/** 批量添加座席 (§4.6.3.2): `count` agents numbered from the start number, named after their numbers; all or none. */
export function AgentBatchModal(props: {
  open: boolean;
  options: AgentOptions;
  onClose: () => void;
  onSaved: (count: number) => void;
}) {
  const { open, options, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const created = await agentsApi.createBatch({
        startNumber: v.startNumber.trim(),
        count: v.count,
        password: v.password,
        type: v.type,
        roleId: v.roleId ?? null,
        groupId: v.groupId ?? null,
        enabled: v.enabled,
        regions: (v.regions ?? []).map((r) => r.trim()).filter((r) => r !== ''),
      });
      onSaved(created.length);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  return (
    <Modal
      open={open}
      title={t('agent.batchTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'agent-batch-save' }}
      forceRender
      width={720}
    >
      <Alert type="info" showIcon title={t('agent.batchHint')} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={{ count: 10, type: 'agent', enabled: true, regions: [] }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="startNumber" label={t('agent.startNumber')} rules={required(t('agent.startNumber'))}>
              <Input maxLength={16} data-testid="agent-batch-start" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="count" label={t('agent.count')} rules={required(t('agent.count'))}>
              <InputNumber min={1} max={500} precision={0} style={{ width: '100%' }} data-testid="agent-batch-count" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="password"
              label={t('agent.password')}
              extra={t('agent.passwordRule')}
              rules={[...required(t('agent.password')), passwordRule(t)]}
            >
              <Input.Password maxLength={64} autoComplete="new-password" data-testid="agent-batch-password" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="type" label={t('agent.type')}>
              <Select
                options={[
                  { value: 'agent', label: t('agent.type.agent') },
                  { value: 'supervisor', label: t('agent.type.supervisor') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="roleId" label={t('agent.role')}>
              <Select allowClear options={options.roles.map((r) => ({ value: r.id, label: r.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="groupId" label={t('agent.group')}>
              <Select
                allowClear
                options={options.groups.map((g) => ({ value: g.id, label: g.name }))}
                data-testid="agent-batch-group"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="enabled" label={t('agent.enabled')} valuePropName="checked">
              <Switch checkedChildren={t('agent.enabledOn')} unCheckedChildren={t('agent.enabledOff')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="regions" label={t('agent.regions')} extra={t('agent.regionsHint')}>
              <Select mode="tags" open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
