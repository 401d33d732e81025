import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Agent } from '@rexian/contracts';
import { Alert, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useCan } from '../../../layout/require-permission.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { type AgentUpdateInput, agentsApi } from '../cti-api.ts';
import { type AgentOptions, passwordRule, searchEmployees, searchExtensions } from './agent-options.ts';
import { RemotePicker } from './remote-picker.tsx';

type FormValues = {
  number: string;
  name: string;
  type: Agent['type'];
  password?: string;
  roleId?: string | null;
  groupId?: string | null;
  enabled: boolean;
  regions: string[];
  employeeId?: string | null;
  extensionId?: string | null;
  skills: { queueId: string; level: number }[];
};

/**
 * 添加单个座席 / 编辑座席 (§4.6.3.1, §4.6.3.4): number (fixed once saved), name, type, password (the manual's
 * rule; empty on edit keeps it), role, group, status, regions, bound employee and extension, skill levels.
 */
export function AgentFormModal(props: {
  editing: Agent | 'new' | null;
  options: AgentOptions;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { editing, options, onClose, onSaved } = props;
  const { t } = useI18n();
  const can = useCan();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isNew = editing === 'new';
  const current = editing !== null && editing !== 'new' ? editing : null;

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.resetFields();
    if (editing !== 'new')
      form.setFieldsValue({ ...editing, password: '', skills: editing.skills.map(({ queueId, level }) => ({ queueId, level })) });
  }, [editing, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const fields: AgentUpdateInput = {
      name: v.name.trim(),
      type: v.type,
      roleId: v.roleId ?? null,
      groupId: v.groupId ?? null,
      enabled: v.enabled,
      regions: (v.regions ?? []).map((r) => r.trim()).filter((r) => r !== ''),
      employeeId: v.employeeId ?? null,
      extensionId: v.extensionId ?? null,
      skills: (v.skills ?? []).map((s) => ({ queueId: s.queueId, level: s.level ?? 0 })),
      // An agent made an ordinary agent again loses the supervisor scope (the server refuses one otherwise).
      ...(v.type === 'agent' ? { managedGroupIds: [], managedQueueIds: [] } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      if (current) await agentsApi.update(current.id, { ...fields, ...(v.password ? { password: v.password } : {}) });
      else await agentsApi.create({ ...fields, name: v.name.trim(), number: v.number.trim(), password: v.password ?? '' });
      onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  const queueOptions = options.queues.map((q) => ({ value: q.id, label: `${q.name} (${q.number})` }));
  return (
    <Modal
      open={editing !== null}
      title={isNew ? t('agent.addTitle') : t('agent.editTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'agent-save' }}
      forceRender
      width={760}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={{ type: 'agent', enabled: true, regions: [], skills: [] }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="number" label={t('agent.number')} rules={required(t('agent.number'))}>
              <Input maxLength={16} disabled={!isNew} data-testid="agent-number" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t('agent.name')} rules={[...required(t('agent.name')), { max: 64 }]}>
              <Input maxLength={64} data-testid="agent-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="type" label={t('agent.type')}>
              <Select
                options={[
                  { value: 'agent', label: t('agent.type.agent') },
                  { value: 'supervisor', label: t('agent.type.supervisor') },
                ]}
                data-testid="agent-type"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="password"
              label={t('agent.password')}
              extra={isNew ? t('agent.passwordRule') : t('agent.passwordKeep')}
              rules={[{ required: isNew, message: t('common.required', { field: t('agent.password') }) }, passwordRule(t)]}
            >
              <Input.Password maxLength={64} autoComplete="new-password" data-testid="agent-password" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="roleId" label={t('agent.role')}>
              <Select allowClear options={options.roles.map((r) => ({ value: r.id, label: r.name }))} data-testid="agent-role" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="groupId" label={t('agent.group')}>
              <Select
                allowClear
                options={options.groups.map((g) => ({ value: g.id, label: g.name }))}
                data-testid="agent-group"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="enabled" label={t('agent.enabled')} valuePropName="checked">
              <Switch
                checkedChildren={t('agent.enabledOn')}
                unCheckedChildren={t('agent.enabledOff')}
                data-testid="agent-enabled"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="regions" label={t('agent.regions')} extra={t('agent.regionsHint')}>
              <Select mode="tags" open={false} suffixIcon={null} data-testid="agent-regions" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="employeeId" label={t('agent.employee')}>
              <RemotePicker
                current={
                  current?.employeeId ? { value: current.employeeId, label: current.employeeName ?? current.employeeId } : null
                }
                search={searchEmployees}
                enabled={can('org.employee.read')}
                testId="agent-employee"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="extensionId" label={t('agent.extension')}>
              <RemotePicker
                current={
                  current?.extensionId
                    ? { value: current.extensionId, label: current.extensionNumber ?? current.extensionId }
                    : null
                }
                search={searchExtensions}
                enabled={can('pbx.extension.read')}
                testId="agent-extension"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('agent.skills')}>
          <Form.List name="skills">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline">
                    <Form.Item
                      name={[field.name, 'queueId']}
                      rules={[{ required: true, message: t('common.required', { field: t('agent.skillQueue') }) }]}
                      noStyle
                    >
                      <Select
                        placeholder={t('agent.skillQueue')}
                        options={queueOptions}
                        style={{ width: 300 }}
                        data-testid="agent-skill-queue"
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'level']} noStyle>
                      <InputNumber
                        min={0}
                        max={9}
                        precision={0}
                        placeholder={t('agent.skillLevel')}
                        data-testid="agent-skill-level"
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.delete')}
                    />
                  </Space>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ level: 5 })}
                  disabled={queueOptions.length === 0}
                  data-testid="agent-add-skill"
                >
                  {t('agent.addSkill')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Modal>
  );
}
