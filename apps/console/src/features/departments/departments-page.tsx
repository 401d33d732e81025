import { PlusOutlined } from '@ant-design/icons';
import type { Department } from '@rexian/contracts';
import { Alert, Button, Card, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { departmentsApi } from '../../api/resources.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { ExportButton } from '../../shared/export-button.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { type DepartmentEditing, DepartmentFormModal } from './department-form-modal.tsx';
import { buildDepartmentTree, type DepartmentNode, expandableKeys } from './department-tree.ts';

/** 系统管理 → 部门管理 (§4.10.1): the department tree with add child / edit / delete. */
export function DepartmentsPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('org.department.write');
  const { data, error, loading, reload } = useLoad(() => departmentsApi.list(), []);
  const [editing, setEditing] = useState<DepartmentEditing | null>(null);
  // New departments show expanded; the user's collapses are remembered.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const departments = data ?? [];
  const tree = useMemo(() => buildDepartmentTree(data ?? []), [data]);

  const remove = async (department: Department) => {
    try {
      await departmentsApi.remove(department.id);
      notify.success(t('common.deleted'));
      await reload();
    } catch (e) {
      // e.g. DEPARTMENT_HAS_EMPLOYEES: the server's localized message says why.
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<DepartmentNode> = [
    {
      title: t('department.name'),
      dataIndex: 'name',
      render: (name: string, d) => (
        <span data-testid="department-row-name">
          {name} {d.isTemporary && <Tag color="orange">{t('department.temporaryTag')}</Tag>}
        </span>
      ),
    },
    { title: t('department.employeeCount'), dataIndex: 'employeeCount', width: 110 },
    { title: t('department.sortOrder'), dataIndex: 'sortOrder', width: 90 },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 280,
      render: (_, d) => (
        <Space size="small">
          <Button
            size="small"
            type="link"
            onClick={() => setEditing({ mode: 'create', parentId: d.id })}
            data-testid="department-add-child"
          >
            {t('department.addChild')}
          </Button>
          <Button
            size="small"
            type="link"
            onClick={() => setEditing({ mode: 'edit', department: d })}
            data-testid="department-edit"
          >
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: d.name })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(d)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="department-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card
      title={t('nav.departments')}
      data-testid="departments-page"
      extra={
        <Space>
          <ExportButton testId="department-export" onExport={() => departmentsApi.exportXlsx()} />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ mode: 'create', parentId: null })}
              data-testid="department-add-root"
            >
              {t('department.addRoot')}
            </Button>
          )}
        </Space>
      }
    >
      {error !== undefined && (
        <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<DepartmentNode>
        rowKey="id"
        columns={columns}
        dataSource={tree}
        loading={loading}
        pagination={false}
        expandable={{
          expandedRowKeys: expandableKeys(tree).filter((key) => !collapsed.has(key)),
          onExpand: (expanded, record) =>
            setCollapsed((old) => {
              const next = new Set(old);
              if (expanded) next.delete(record.id);
              else next.add(record.id);
              return next;
            }),
        }}
        locale={{ emptyText: t('department.empty') }}
        data-testid="departments-table"
      />
      <DepartmentFormModal
        editing={editing}
        departments={departments}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          notify.success(t('common.saved'));
          void reload();
        }}
      />
    </Card>
  );
}
