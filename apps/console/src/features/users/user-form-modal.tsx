import type { Role, User } from '@rexian/contracts';
import { Alert, Col, Form, Input, Modal, Row, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { usersApi } from '../../api/resources.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { EmployeePicker } from './employee-picker.tsx';

type FormValues = {
  username: string;
  password?: string;
  employeeId: string | null;
  roleId: string | null;
  isAdmin: boolean;
  locked: boolean;
};

/** 添加用户 / 编辑用户 (§4.11.2): bound employee, admin flag, locked flag, role; password reset on edit. */
export function UserFormModal(props: {
  editing: User | 'new' | null;
  roles: readonly Role[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { editing, roles, onClose, onSaved } = props;
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
      const common = { employeeId: v.employeeId ?? null, roleId: v.roleId ?? null, isAdmin: v.isAdmin, locked: v.locked };
      if (editing !== null && editing !== 'new') {
        await usersApi.update(editing.id, { ...common, ...(v.password ? { password: v.password } : {}) });
      } else {
        await usersApi.create({ ...common, username: v.username.trim(), password: v.password ?? '' });
      }
      onSaved();
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
      title={isNew ? t('user.addTitle') : t('user.editTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'user-save' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={{ isAdmin: false, locked: false, employeeId: null, roleId: null }}>
        <Form.Item
          name="username"
          label={t('user.username')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('user.username') }) },
            { max: 64 },
          ]}
        >
          <Input disabled={!isNew} autoComplete="off" maxLength={64} data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={isNew ? t('user.password') : t('user.resetPassword')}
          extra={isNew ? t('password.rule') : t('user.resetPasswordHint')}
          rules={
            isNew
              ? [
                  { required: true, message: t('common.required', { field: t('user.password') }) },
                  { min: 8, message: t('password.tooShort') },
                ]
              : [{ min: 8, message: t('password.tooShort') }]
          }
        >
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
        <Form.Item name="employeeId" label={t('user.employee')}>
          <EmployeePicker current={current} />
        </Form.Item>
        <Form.Item name="roleId" label={t('user.role')}>
          <Select allowClear options={roles.map((r) => ({ value: r.id, label: r.name }))} data-testid="user-role" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="isAdmin" label={t('user.isAdmin')} valuePropName="checked">
              <Switch data-testid="user-admin" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="locked" label={t('user.locked')} valuePropName="checked">
              <Switch data-testid="user-locked" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
