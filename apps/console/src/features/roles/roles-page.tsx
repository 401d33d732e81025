import { PlusOutlined } from '@ant-design/icons';
import type { Role } from '@rexian/contracts';
import { Alert, Button, Card, Popconfirm, Space, Table, type TableColumnsType, Tag, Tooltip } from 'antd';
import { useMemo, useState } from 'react';
import { permissionsApi, rolesApi } from '../../api/resources.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { ExportButton } from '../../shared/export-button.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { RoleFormModal } from './role-form-modal.tsx';

/** 系统管理 → 权限管理 (§4.11.1): roles, their permissions and data scopes. */
export function RolesPage() {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('system.role.write');
  const roles = useLoad(() => rolesApi.list(), []);
  const catalogue = useLoad(() => permissionsApi.list(), []);
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const labels = useMemo(
    () => new Map((catalogue.data ?? []).map((p) => [p.code, locale === 'en-US' ? p.en : p.zh])),
    [catalogue.data, locale],
  );

  const remove = async (role: Role) => {
    try {
      await rolesApi.remove(role.id);
      notify.success(t('common.deleted'));
      await roles.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<Role> = [
    {
      title: t('role.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <span data-testid="role-row-name">
          {name} {r.builtin && <Tag>{t('role.builtin')}</Tag>}
        </span>
      ),
    },
    { title: t('role.description'), dataIndex: 'description' },
    {
      title: t('role.permissions'),
      dataIndex: 'permissions',
      render: (codes: string[]) => (
        <Tooltip title={codes.map((c) => labels.get(c) ?? c).join(locale === 'en-US' ? ', ' : '、')}>
          <Tag color="blue">{t('role.permissionCount', { count: codes.length })}</Tag>
        </Tooltip>
      ),
    },
    { title: t('role.dataScope'), dataIndex: 'dataScope', render: (s: Role['dataScope']) => t(`role.scope.${s}`) },
    { title: t('role.userCount'), dataIndex: 'userCount', width: 90 },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, r) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => setEditing(r)} data-testid="role-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: r.name })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(r)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger disabled={r.builtin} data-testid="role-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  const error = roles.error ?? catalogue.error;
  return (
    <Card
      title={t('nav.roles')}
      data-testid="roles-page"
      extra={
        <Space>
          <ExportButton testId="role-export" onExport={() => rolesApi.exportXlsx()} />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="role-add">
              {t('common.add')}
            </Button>
          )}
        </Space>
      }
    >
      {error !== undefined && (
        <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<Role>
        rowKey="id"
        columns={columns}
        dataSource={roles.data ?? []}
        loading={roles.loading}
        pagination={false}
        data-testid="roles-table"
      />
      <RoleFormModal
        editing={editing}
        catalogue={catalogue.data ?? []}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          notify.success(t('common.saved'));
          void roles.reload();
        }}
      />
    </Card>
  );
}
