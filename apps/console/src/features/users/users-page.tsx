import { PlusOutlined } from '@ant-design/icons';
import type { User } from '@rexian/contracts';
import { Alert, Button, Card, Input, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { type PageParams, rolesApi, usersApi } from '../../api/resources.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { ExportButton } from '../../shared/export-button.tsx';
import { formatDateTime } from '../../shared/format-date.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { UserFormModal } from './user-form-modal.tsx';

/** 系统管理 → 用户管理 (§4.11.2): web log-ins bound to employees. */
export function UsersPage() {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const can = useCan();
  const canWrite = can('system.user.write');
  const [filters, setFilters] = useState<PageParams>({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const list = useLoad(() => usersApi.list(filters), [filters]);
  const roles = useLoad(() => (can('system.role.read') ? rolesApi.list() : Promise.resolve([])), []);

  const remove = async (user: User) => {
    try {
      await usersApi.remove(user.id);
      notify.success(t('common.deleted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<User> = [
    { title: t('user.username'), dataIndex: 'username' },
    { title: t('user.employee'), dataIndex: 'employeeName' },
    { title: t('user.role'), dataIndex: 'roleName' },
    {
      title: t('user.isAdmin'),
      dataIndex: 'isAdmin',
      render: (v: boolean) => (v ? <Tag color="gold">{t('common.yes')}</Tag> : t('common.no')),
    },
    {
      title: t('user.status'),
      key: 'status',
      render: (_, u) => (
        <Space size={4}>
          {u.locked ? <Tag color="red">{t('user.statusLocked')}</Tag> : <Tag color="green">{t('user.statusActive')}</Tag>}
          {u.mustChangePassword && <Tag>{t('user.mustChangePassword')}</Tag>}
        </Space>
      ),
    },
    { title: t('user.lastLoginAt'), dataIndex: 'lastLoginAt', render: (v: string | null) => formatDateTime(v, locale) },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, u) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => setEditing(u)} data-testid="user-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: u.username })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(u)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="user-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.users')} data-testid="users-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('user.searchPlaceholder')}
          onSearch={(q) => setFilters((f) => ({ ...f, page: 1, q: q.trim() || undefined }))}
          style={{ width: 240 }}
          data-testid="user-search"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-add">
            {t('common.add')}
          </Button>
        )}
        <ExportButton testId="user-export" onExport={() => usersApi.exportXlsx(filters)} />
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        data-testid="users-table"
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page: pageSize === f.pageSize ? page : 1, pageSize })),
        }}
      />
      <UserFormModal
        editing={editing}
        roles={roles.data ?? []}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          notify.success(t('common.saved'));
          void list.reload();
        }}
      />
    </Card>
  );
}
