import type { AgentGroup, Department, QuickAddResult, Role } from '@rexian/contracts';
import { Alert, Button, Col, Divider, Drawer, Form, Input, Row, Select, Space, Switch, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { blankToNull } from '../../shared/optional-text.ts';
import { passwordRule } from '../cti/agents/agent-options.ts';
import { buildDepartmentTree, toTreeOptions } from '../departments/department-tree.ts';
import { quickAddApi } from './quick-add-api.ts';

type FormValues = {
  code: string;
  name: string;
  departmentId: string;
  mobile?: string;
  email?: string;
  extensionNumber: string;
  extensionPassword: string;
  agentNumber: string;
  agentPassword: string;
  agentType: 'agent' | 'supervisor';
  agentGroupId?: string;
  withUser: boolean;
  username?: string;
  userPassword?: string;
  roleId?: string;
};

/**
 * 快速添加 (§4.3.2): employee, new extension, new agent and optionally a console user in one request.
 * The form checks what it can (digits, the password rule); the server's refusal (a number that exists)
 * is shown as it comes, naming the field.
 */
export function QuickAddDrawer(props: {
  open: boolean;
  departments: readonly Department[];
  groups: readonly AgentGroup[];
  roles: readonly Role[];
  /** The actor may create users (system.user.write): otherwise the user section is hidden. */
  allowUser: boolean;
  onClose: () => void;
  onSaved: (r: QuickAddResult) => void;
}) {
  const { open, departments, groups, roles, allowUser, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const withUser = Form.useWatch('withUser', form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
  }, [open, form]);

  const formalOptions = useMemo(() => toTreeOptions(buildDepartmentTree(departments), (d) => !d.isTemporary), [departments]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const r = await quickAddApi.add({
        code: v.code.trim(),
        name: v.name.trim(),
        departmentId: v.departmentId,
        mobile: blankToNull(v.mobile),
        email: blankToNull(v.email),
        extensionNumber: v.extensionNumber.trim(),
        extensionPassword: v.extensionPassword,
        agentNumber: v.agentNumber.trim(),
        agentPassword: v.agentPassword,
        agentType: v.agentType,
        agentGroupId: v.agentGroupId ?? null,
        user:
          allowUser && v.withUser
            ? { username: (v.username ?? '').trim(), password: v.userPassword ?? '', roleId: v.roleId ?? null }
            : null,
      });
      onSaved(r);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });
  const digits = (min: number, max: number) => ({
    pattern: new RegExp(`^[0-9]{${min},${max}}$`),
    message: t('quick.digits', { min, max }),
  });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={720}
      title={t('quick.addTitle')}
      forceRender
      data-testid="quick-add-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit().catch(() => undefined)} data-testid="quick-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('quick.addHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={{ agentType: 'agent', withUser: false }}>
        <Divider titlePlacement="start">{t('quick.sectionEmployee')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="code" label={t('employee.code')} rules={[required(t('employee.code')), { max: 32 }]}>
              <Input maxLength={32} data-testid="quick-code" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t('employee.name')} rules={[required(t('employee.name')), { max: 64 }]}>
              <Input maxLength={64} data-testid="quick-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="departmentId"
              label={t('employee.department')}
              rules={[{ required: true, message: t('common.required', { field: t('employee.department') }) }]}
            >
              <TreeSelect treeData={formalOptions} treeDefaultExpandAll data-testid="quick-department" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="mobile" label={t('employee.mobile')} rules={[{ max: 32 }]}>
              <Input maxLength={32} data-testid="quick-mobile" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('quick.sectionExtension')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="extensionNumber"
              label={t('quick.extensionNumber')}
              rules={[required(t('quick.extensionNumber')), digits(2, 12)]}
            >
              <Input maxLength={12} data-testid="quick-extension-number" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="extensionPassword"
              label={t('quick.extensionPassword')}
              extra={t('quick.passwordHint')}
              rules={[required(t('quick.extensionPassword')), passwordRule(t)]}
            >
              <Input.Password maxLength={64} autoComplete="new-password" data-testid="quick-extension-password" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('quick.sectionAgent')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="agentNumber"
              label={t('quick.agentNumber')}
              rules={[required(t('quick.agentNumber')), digits(1, 16)]}
            >
              <Input maxLength={16} data-testid="quick-agent-number" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="agentPassword"
              label={t('quick.agentPassword')}
              extra={t('quick.passwordHint')}
              rules={[required(t('quick.agentPassword')), passwordRule(t)]}
            >
              <Input.Password maxLength={64} autoComplete="new-password" data-testid="quick-agent-password" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="agentType" label={t('quick.agentType')}>
              <Select
                options={[
                  { value: 'agent', label: t('quick.agentTypeAgent') },
                  { value: 'supervisor', label: t('quick.agentTypeSupervisor') },
                ]}
                data-testid="quick-agent-type"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="agentGroupId" label={t('quick.agentGroup')}>
              <Select allowClear options={groups.map((g) => ({ value: g.id, label: g.name }))} data-testid="quick-agent-group" />
            </Form.Item>
          </Col>
        </Row>
        {allowUser && <Divider titlePlacement="start">{t('quick.sectionUser')}</Divider>}
        <Form.Item name="withUser" label={t('quick.createUser')} valuePropName="checked" hidden={!allowUser}>
          <Switch data-testid="quick-with-user" />
        </Form.Item>
        {allowUser && withUser && (
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="username" label={t('quick.username')} rules={[required(t('quick.username')), { max: 64 }]}>
                <Input maxLength={64} autoComplete="off" data-testid="quick-username" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="userPassword"
                label={t('quick.userPassword')}
                extra={t('quick.userPasswordHint')}
                rules={[required(t('quick.userPassword'))]}
              >
                <Input.Password maxLength={256} autoComplete="new-password" data-testid="quick-user-password" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="roleId" label={t('quick.role')}>
                <Select allowClear options={roles.map((r) => ({ value: r.id, label: r.name }))} data-testid="quick-role" />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Form>
    </Drawer>
  );
}
