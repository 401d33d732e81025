import { ImportOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { Employee } from '@rexian/contracts';
import { Alert, Button, Card, Input, Popconfirm, Space, Table, type TableColumnsType, Tag, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { departmentsApi, type EmployeeFilters, employeesApi, rolesApi } from '../../api/resources.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { ExportButton } from '../../shared/export-button.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { agentGroupsApi } from '../cti/cti-api.ts';
import { buildDepartmentTree, toTreeOptions } from '../departments/department-tree.ts';
import { EmployeeFormModal } from './employee-form-modal.tsx';
import { QuickAddDrawer } from './quick-add-drawer.tsx';
import { QuickImportModal } from './quick-import-modal.tsx';

/**
 * 日常办公 → 员工管理 (§4.3.2): search, department filter, pages, create/edit/delete, Excel export, and
 * 快速添加 / 快速导入 (employee + extension + agent in one step) for those who may create all three.
 */
export function EmployeesPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const can = useCan();
  const canWrite = can('org.employee.write');
  const [filters, setFilters] = useState<EmployeeFilters>({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<Employee | 'new' | null>(null);
  const canQuick = canWrite && can('pbx.extension.write') && can('cti.agent.write');
  const [quick, setQuick] = useState<'add' | 'import' | null>(null);
  const list = useLoad(() => employeesApi.list(filters), [filters]);
  // The department names are a convenience; without org.department.read the table still works.
  const departments = useLoad(() => (can('org.department.read') ? departmentsApi.list() : Promise.resolve([])), []);
  const departmentList = departments.data ?? [];
  const names = useMemo(() => new Map(departmentList.map((d) => [d.id, d.name])), [departmentList]);
  const groups = useLoad(() => (canQuick && can('cti.agent.read') ? agentGroupsApi.list() : Promise.resolve([])), []);
  const roles = useLoad(() => (canQuick && can('system.role.read') ? rolesApi.list() : Promise.resolve([])), []);
  const filterOptions = useMemo(() => toTreeOptions(buildDepartmentTree(departmentList), () => true), [departmentList]);

  const remove = async (employee: Employee) => {
    try {
      await employeesApi.remove(employee.id);
      notify.success(t('common.deleted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<Employee> = [
    { title: t('employee.code'), dataIndex: 'code', width: 120 },
    { title: t('employee.name'), dataIndex: 'name' },
    { title: t('employee.department'), dataIndex: 'departmentName' },
    {
      title: t('employee.temporaryDepartments'),
      dataIndex: 'temporaryDepartmentIds',
      render: (ids: string[]) => ids.map((id) => <Tag key={id}>{names.get(id) ?? id.slice(0, 8)}</Tag>),
    },
    { title: t('employee.mobile'), dataIndex: 'mobile' },
    { title: t('employee.phone'), dataIndex: 'phone' },
    { title: t('employee.email'), dataIndex: 'email' },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, e) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => setEditing(e)} data-testid="employee-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: e.name })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(e)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="employee-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.employees')} data-testid="employees-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('employee.searchPlaceholder')}
          onSearch={(q) => setFilters((f) => ({ ...f, page: 1, q: q.trim() || undefined }))}
          style={{ width: 240 }}
          data-testid="employee-search"
        />
        <TreeSelect
          allowClear
          treeDefaultExpandAll
          placeholder={t('employee.filterDepartment')}
          treeData={filterOptions}
          style={{ width: 220 }}
          onChange={(departmentId?: string) => setFilters((f) => ({ ...f, page: 1, departmentId: departmentId || undefined }))}
          data-testid="employee-department-filter"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="employee-add">
            {t('common.add')}
          </Button>
        )}
        {canQuick && (
          <>
            <Button icon={<ThunderboltOutlined />} onClick={() => setQuick('add')} data-testid="employee-quick-add">
              {t('quick.add')}
            </Button>
            <Button icon={<ImportOutlined />} onClick={() => setQuick('import')} data-testid="employee-quick-import">
              {t('quick.import')}
            </Button>
          </>
        )}
        {can('org.employee.export') && (
          <ExportButton testId="employee-export" onExport={() => employeesApi.exportXlsx(filters)} />
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<Employee>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        data-testid="employees-table"
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page: pageSize === f.pageSize ? page : 1, pageSize })),
        }}
      />
      <EmployeeFormModal
        editing={editing}
        departments={departmentList}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          notify.success(t('common.saved'));
          void list.reload();
          void departments.reload();
        }}
      />
      <QuickAddDrawer
        open={quick === 'add'}
        departments={departmentList}
        groups={groups.data ?? []}
        roles={roles.data ?? []}
        allowUser={can('system.user.write')}
        onClose={() => setQuick(null)}
        onSaved={(r) => {
          setQuick(null);
          notify.success(t('quick.added', { name: r.employee.name, extension: r.extension.number, agent: r.agent.number }));
          void list.reload();
          void departments.reload();
        }}
      />
      <QuickImportModal
        open={quick === 'import'}
        onClose={() => setQuick(null)}
        onImported={() => {
          void list.reload();
          void departments.reload();
        }}
      />
    </Card>
  );
}
