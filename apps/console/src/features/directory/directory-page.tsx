import { Alert, Card, Collapse, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { type DirectoryGroup, directoryApi } from '../../api/resources.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { ExportButton } from '../../shared/export-button.tsx';
import { useLoad } from '../../shared/use-load.ts';

type DirectoryPerson = DirectoryGroup['employees'][number];

/** 日常办公 → 内部通讯录 (§4.3.1): read-only, grouped by department, exportable. */
export function DirectoryPage() {
  const { t } = useI18n();
  const can = useCan();
  const { data, error, loading } = useLoad(() => directoryApi.get(), []);
  const groups = data ?? [];

  const columns = [
    { title: t('employee.code'), dataIndex: 'code', width: 140 },
    { title: t('employee.name'), dataIndex: 'name' },
    { title: t('employee.mobile'), dataIndex: 'mobile' },
    { title: t('employee.phone'), dataIndex: 'phone' },
    { title: t('employee.email'), dataIndex: 'email' },
  ];

  return (
    <Card
      title={t('directory.title')}
      data-testid="directory-page"
      extra={can('org.directory.export') && <ExportButton testId="directory-export" onExport={() => directoryApi.exportXlsx()} />}
    >
      <Typography.Paragraph type="secondary">{t('directory.hint')}</Typography.Paragraph>
      {error !== undefined && (
        <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Spin spinning={loading}>
        {groups.length === 0 && !loading ? (
          <Empty description={t('directory.empty')} />
        ) : (
          <Collapse
            data-testid="directory-groups"
            defaultActiveKey={groups.map((g) => g.departmentId)}
            key={groups.map((g) => g.departmentId).join()}
            items={groups.map((g) => ({
              key: g.departmentId,
              label: (
                <Space>
                  <span data-testid="directory-group-name">{g.departmentName}</span>
                  <Tag>{g.employees.length}</Tag>
                </Space>
              ),
              children: (
                <Table<DirectoryPerson> rowKey="id" size="small" columns={columns} dataSource={g.employees} pagination={false} />
              ),
            }))}
          />
        )}
      </Spin>
    </Card>
  );
}
