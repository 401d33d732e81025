import type { Department } from '@rexian/contracts';
import { Alert, Form, Input, InputNumber, Modal, Switch, TreeSelect } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { type DepartmentInput, departmentsApi } from '../../api/resources.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { buildDepartmentTree, subtreeIds, toTreeOptions } from './department-tree.ts';

/** `create` under a parent (null = top level) or `edit` an existing department (§4.10.1). */
export type DepartmentEditing = { mode: 'create'; parentId: string | null } | { mode: 'edit'; department: Department };

type FormValues = { name: string; parentId?: string | null; isTemporary: boolean; sortOrder: number };

export function DepartmentFormModal(props: {
  editing: DepartmentEditing | null;
  departments: readonly Department[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { editing, departments, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!editing) return;
    setError(null);
    form.setFieldsValue(
      editing.mode === 'create'
        ? { name: '', parentId: editing.parentId, isTemporary: false, sortOrder: 0 }
        : { ...editing.department },
    );
  }, [editing, form]);

  // A department cannot be moved under itself or one of its own sub-departments.
  const parentOptions = useMemo(() => {
    const blocked = editing?.mode === 'edit' ? subtreeIds(departments, editing.department.id) : new Set<string>();
    return toTreeOptions(buildDepartmentTree(departments), (d) => !blocked.has(d.id));
  }, [departments, editing]);

  const submit = async () => {
    const values = await form.validateFields();
    const input: DepartmentInput = {
      name: values.name,
      parentId: values.parentId ?? null,
      isTemporary: values.isTemporary,
      sortOrder: values.sortOrder ?? 0,
    };
    setBusy(true);
    setError(null);
    try {
      if (editing?.mode === 'edit') await departmentsApi.update(editing.department.id, input);
      else await departmentsApi.create(input);
      onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const title =
    editing?.mode === 'edit' ? t('department.editTitle') : editing?.parentId ? t('department.addChild') : t('department.addRoot');
  return (
    <Modal
      open={editing !== null}
      title={title}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'department-save' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical">
        <Form.Item name="parentId" label={t('department.parent')}>
          <TreeSelect treeData={parentOptions} allowClear placeholder={t('department.root')} treeDefaultExpandAll />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('department.name')}
          rules={[{ required: true, whitespace: true, max: 100, message: t('common.required', { field: t('department.name') }) }]}
        >
          <Input data-testid="department-name" maxLength={100} />
        </Form.Item>
        <Form.Item
          name="isTemporary"
          label={t('department.isTemporary')}
          valuePropName="checked"
          extra={t('department.temporaryHint')}
        >
          <Switch data-testid="department-temporary" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('department.sortOrder')}>
          <InputNumber min={0} max={100000} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
