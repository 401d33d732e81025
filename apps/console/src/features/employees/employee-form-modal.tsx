import type { Department, Employee } from '@rexian/contracts';
import { Alert, Col, Form, Input, Modal, Row, Select, TreeSelect } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { type EmployeeInput, employeesApi } from '../../api/resources.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { blankToNull } from '../../shared/optional-text.ts';
import { buildDepartmentTree, toTreeOptions } from '../departments/department-tree.ts';

type FormValues = {
  code: string;
  name: string;
  departmentId: string;
  temporaryDepartmentIds: string[];
  mobile?: string | null;
  phone?: string | null;
  email?: string | null;
  notes?: string | null;
};

/** 新增员工 / 编辑员工 (§4.3.2): one formal department, any number of temporary ones. */
export function EmployeeFormModal(props: {
  editing: Employee | 'new' | null;
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
    if (editing === null) return;
    setError(null);
    form.resetFields();
    if (editing !== 'new') form.setFieldsValue({ ...editing });
  }, [editing, form]);

  const formalOptions = useMemo(() => toTreeOptions(buildDepartmentTree(departments), (d) => !d.isTemporary), [departments]);
  const temporaryOptions = useMemo(
    () => departments.filter((d) => d.isTemporary).map((d) => ({ value: d.id, label: d.name })),
    [departments],
  );

  const submit = async () => {
    const v = await form.validateFields();
    const input: EmployeeInput = {
      code: v.code.trim(),
      name: v.name.trim(),
      departmentId: v.departmentId,
      temporaryDepartmentIds: v.temporaryDepartmentIds ?? [],
      mobile: blankToNull(v.mobile),
      phone: blankToNull(v.phone),
      email: blankToNull(v.email),
      notes: blankToNull(v.notes),
    };
    setBusy(true);
    setError(null);
    try {
      if (editing !== null && editing !== 'new') await employeesApi.update(editing.id, input);
      else await employeesApi.create(input);
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
      title={editing === 'new' ? t('employee.addTitle') : t('employee.editTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'employee-save' }}
      forceRender
      width={720}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={{ temporaryDepartmentIds: [] }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="code" label={t('employee.code')} rules={[...required(t('employee.code')), { max: 32 }]}>
              <Input maxLength={32} data-testid="employee-code" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t('employee.name')} rules={[...required(t('employee.name')), { max: 64 }]}>
              <Input maxLength={64} data-testid="employee-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="departmentId"
              label={t('employee.department')}
              rules={[{ required: true, message: t('common.required', { field: t('employee.department') }) }]}
            >
              <TreeSelect
                treeData={formalOptions}
                treeDefaultExpandAll
                showSearch={{ treeNodeFilterProp: 'title' }}
                data-testid="employee-department"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="temporaryDepartmentIds" label={t('employee.temporaryDepartments')}>
              <Select
                mode="multiple"
                options={temporaryOptions}
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="employee-temporary-departments"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="mobile" label={t('employee.mobile')} rules={[{ max: 32 }]}>
              <Input maxLength={32} data-testid="employee-mobile" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('employee.phone')} rules={[{ max: 32 }]}>
              <Input maxLength={32} data-testid="employee-phone" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="email" label={t('employee.email')} rules={[{ type: 'email' }, { max: 120 }]}>
              <Input maxLength={120} data-testid="employee-email" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('employee.notes')} rules={[{ max: 500 }]}>
              <Input.TextArea rows={2} maxLength={500} data-testid="employee-notes" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
