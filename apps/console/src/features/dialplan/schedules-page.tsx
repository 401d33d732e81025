import { PlusOutlined } from '@ant-design/icons';
import type { ScheduleDto } from '@rexian/contracts';
import { Alert, Button, Card, Input, Popconfirm, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { schedulesApi } from './dialplan-api.ts';
import { ScheduleFormModal } from './schedule-form-modal.tsx';
import { summarizeWeek } from './schedule-values.ts';

/** PBX → 时间段 (§4.10.12 时间定义): working hours, holidays and adjusted working days for time-based routing. */
export function SchedulesPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('pbx.dialplan.write');
  const [q, setQ] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<ScheduleDto | 'new' | null>(null);
  const list = useLoad(() => schedulesApi.list(q), [q]);

  const remove = async (s: ScheduleDto) => {
    try {
      await schedulesApi.remove(s.id);
      notify.success(t('common.deleted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<ScheduleDto> = [
    { title: t('sch.name'), dataIndex: 'name', width: 180 },
    { title: t('sch.timeZone'), dataIndex: 'timeZone', width: 160 },
    {
      title: t('sch.workingPeriods'),
      key: 'periods',
      render: (_, s) => {
        const lines = summarizeWeek(s.workingPeriods, (d) => t(`dp.weekday.${d}`));
        return lines.length === 0 ? (
          <Typography.Text type="secondary">{t('sch.noPeriods')}</Typography.Text>
        ) : (
          <Space orientation="vertical" size={0}>
            {lines.map((line) => (
              <span key={line}>{line}</span>
            ))}
          </Space>
        );
      },
    },
    {
      title: t('sch.holidays'),
      key: 'holidays',
      render: (_, s) => (
        <span title={s.holidays.map((h) => `${h.name} ${h.from}${h.to ? `–${h.to}` : ''}`).join('\n')}>
          {t('sch.holidayCount', { count: s.holidays.length })}
        </span>
      ),
    },
    { title: t('sch.usedBy'), dataIndex: 'accessNumberCount', width: 110 },
    { title: t('dp.notes'), dataIndex: 'notes' },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, s) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => setEditing(s)} data-testid="sch-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: s.name })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(s)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="sch-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.schedules')} data-testid="schedules-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('sch.searchPlaceholder')}
          onSearch={(text) => setQ(text.trim() || undefined)}
          style={{ width: 240 }}
          data-testid="sch-search"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="sch-add">
            {t('common.add')}
          </Button>
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<ScheduleDto>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        data-testid="sch-table"
        pagination={{ showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
      />
      <ScheduleFormModal
        editing={editing}
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
