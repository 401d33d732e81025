import { PlusOutlined } from '@ant-design/icons';
import type { AccessNumberDto, CallTargetDto, CallTargetOptions } from '@rexian/contracts';
import { Alert, Button, Card, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { AccessNumberFormModal } from './access-number-form-modal.tsx';
import { targetToForm } from './access-number-values.ts';
import { type AccessNumberFilters, accessNumbersApi, schedulesApi } from './dialplan-api.ts';
import { accessNumberCallTypes } from './dialplan-values.ts';

/** A target as the list shows it: its kind and the picked thing's name (or the raw id when unknown). */
function useTargetText(options: CallTargetOptions | undefined) {
  const { t } = useI18n();
  return (target: CallTargetDto | null): string => {
    const v = targetToForm(target);
    if (v.kind === 'none') return t('dp.target.none');
    const list =
      v.kind === 'extension'
        ? options?.extensions
        : v.kind === 'ivr'
          ? options?.ivrConfigs
          : v.kind === 'queue'
            ? options?.queues
            : [];
    const label = list?.find((o) => o.value === v.value)?.label ?? v.value ?? '';
    return `${t(`dp.target.${v.kind}`)} ${label}`;
  };
}

/** PBX → 接入号管理 (§4.6.9): DIDs with their call type, VIP flag, target or time-based routing. */
export function AccessNumbersPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('pbx.dialplan.write');
  const [filters, setFilters] = useState<AccessNumberFilters>({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<AccessNumberDto | 'new' | null>(null);
  const list = useLoad(() => accessNumbersApi.list(filters), [filters]);
  const schedules = useLoad(() => schedulesApi.list(), []);
  const targets = useLoad(() => accessNumbersApi.targets(), []);
  const targetText = useTargetText(targets.data);
  // Schedules, extensions, IVRs and queues may have changed on other pages since this one opened.
  const open = (target: AccessNumberDto | 'new') => {
    setEditing(target);
    void schedules.reload();
    void targets.reload();
  };

  const remove = async (a: AccessNumberDto) => {
    try {
      await accessNumbersApi.remove(a.id);
      notify.success(t('common.deleted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<AccessNumberDto> = [
    {
      title: t('an.number'),
      key: 'number',
      render: (_, a) => (
        <Space size={4}>
          <span>{a.number}</span>
          {a.vip && <Tag color="gold">VIP</Tag>}
        </Space>
      ),
    },
    { title: t('an.callType'), dataIndex: 'callType', render: (c: AccessNumberDto['callType']) => t(`an.callType.${c}`) },
    {
      title: t('an.routing'),
      key: 'routing',
      render: (_, a) =>
        a.timeRouting?.enabled ? (
          <Space orientation="vertical" size={0} data-testid="an-routing">
            <Typography.Text strong>
              {t('dp.labelValue', { label: t('an.schedule'), value: a.timeRouting.scheduleName })}
            </Typography.Text>
            <span>{t('dp.labelValue', { label: t('an.workingHours'), value: targetText(a.timeRouting.workingHours) })}</span>
            <span>{t('dp.labelValue', { label: t('an.afterHours'), value: targetText(a.timeRouting.afterHours) })}</span>
            <span>
              {t('dp.labelValue', {
                label: t('an.holiday'),
                value: a.timeRouting.holiday ? targetText(a.timeRouting.holiday) : t('dp.target.sameAsAfterHours'),
              })}
            </span>
          </Space>
        ) : (
          <span data-testid="an-routing">{targetText(a.target)}</span>
        ),
    },
    { title: t('dp.notes'), dataIndex: 'notes' },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, a) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => open(a)} data-testid="an-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: a.number })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(a)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="an-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.accessNumbers')} data-testid="accessNumbers-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('an.searchPlaceholder')}
          onSearch={(q) => setFilters((f) => ({ ...f, page: 1, q: q.trim() || undefined }))}
          style={{ width: 220 }}
          data-testid="an-search"
        />
        <Select<AccessNumberDto['callType']>
          allowClear
          placeholder={t('an.callTypePlaceholder')}
          style={{ width: 160 }}
          options={accessNumberCallTypes.map((c) => ({ value: c, label: t(`an.callType.${c}`) }))}
          onChange={(callType) => setFilters((f) => ({ ...f, page: 1, callType: callType ?? undefined }))}
          data-testid="an-call-type-filter"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="an-add">
            {t('common.add')}
          </Button>
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<AccessNumberDto>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        data-testid="an-table"
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page: pageSize === f.pageSize ? page : 1, pageSize })),
        }}
      />
      <AccessNumberFormModal
        editing={editing}
        schedules={schedules.data ?? []}
        targets={targets.data}
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
