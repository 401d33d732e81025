import type { DataScope, Role } from '@rexian/contracts';
import { Alert, Checkbox, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { dataScopes } from '../../api/contract-values.ts';
import { type PermissionInfo, type RoleInput, rolesApi } from '../../api/resources.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { blankToNull } from '../../shared/optional-text.ts';
import { groupPermissions } from './permission-groups.ts';

type FormValues = { name: string; description?: string | null; permissions: string[]; dataScope: DataScope };

/** 添加角色 / 权限管理 (§4.11.1): name, the permission catalogue as checkboxes, and the data scope. */
export function RoleFormModal(props: {
  editing: Role | 'new' | null;
  catalogue: readonly PermissionInfo[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { editing, catalogue, onClose, onSaved } = props;
  const { t, locale } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const groups = useMemo(() => groupPermissions(catalogue), [catalogue]);

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    form.resetFields();
    if (editing !== 'new') form.setFieldsValue({ ...editing });
  }, [editing, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const input: RoleInput = {
      name: v.name.trim(),
      description: blankToNull(v.description),
      permissions: v.permissions ?? [],
      dataScope: v.dataScope,
    };
    setBusy(true);
    setError(null);
    try {
      if (editing !== null && editing !== 'new') await rolesApi.update(editing.id, input);
      else await rolesApi.create(input);
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
      title={editing === 'new' ? t('role.addTitle') : t('role.editTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'role-save' }}
      forceRender
      width={680}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={{ permissions: [], dataScope: 'self' }}>
        <Form.Item
          name="name"
          label={t('role.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('role.name') }) }, { max: 64 }]}
        >
          <Input maxLength={64} data-testid="role-name" />
        </Form.Item>
        <Form.Item name="description" label={t('role.description')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="permissions" label={t('role.permissions')}>
          <Checkbox.Group style={{ width: '100%' }} data-testid="role-permissions">
            <Space orientation="vertical" style={{ width: '100%' }}>
              {groups.map((g) => (
                <Space key={g.area} wrap>
                  {g.items.map((p) => (
                    <Checkbox key={p.code} value={p.code} data-testid={`permission-${p.code}`}>
                      {locale === 'en-US' ? p.en : p.zh}
                    </Checkbox>
                  ))}
                </Space>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="dataScope" label={t('role.dataScope')}>
          <Radio.Group data-testid="role-data-scope">
            <Space orientation="vertical">
              {dataScopes.map((scope) => (
                <Radio key={scope} value={scope} data-testid={`scope-${scope}`}>
                  {t(`role.scope.${scope}`)} <Typography.Text type="secondary">— {t(`role.scopeHelp.${scope}`)}</Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
