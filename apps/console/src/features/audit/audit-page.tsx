import type { AuditEntry } from '@rexian/contracts';
import { Alert, Card, DatePicker, Input, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { type AuditFilters, auditApi } from '../../api/resources.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { ExportButton } from '../../shared/export-button.tsx';
import { formatDateTime } from '../../shared/format-date.ts';
import { useLoad } from '../../shared/use-load.ts';
import { auditActionLabel, auditActions } from './audit-actions.ts';

const outcomeColors = { ok: 'green', denied: 'red', failed: 'orange' } as const;
const outcomes = ['ok', 'denied', 'failed'] as const;

/** 系统管理 → 审计日志: who did what, when and from where; searchable and exportable. */
export function AuditPage() {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<AuditFilters>({ page: 1, pageSize: 20 });
  const list = useLoad(() => auditApi.list(filters), [filters]);
  const update = (patch: Partial<AuditFilters>) => setFilters((f) => ({ ...f, ...patch, page: 1 }));

  const onRange = (range: [Dayjs | null, Dayjs | null] | null) =>
    update({
      // Whole days in the browser's time zone, sent with their offset (the API wants ISO 8601 with offset).
      from: range?.[0] ? range[0].startOf('day').format() : undefined,
      to: range?.[1] ? range[1].endOf('day').format() : undefined,
    });

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 180, render: (v: string) => formatDateTime(v, locale) },
    { title: t('audit.user'), dataIndex: 'username', width: 120 },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130 },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (a: string) => <span title={a}>{auditActionLabel(a, locale)}</span>,
    },
    {
      title: t('audit.target'),
      key: 'target',
      render: (_, e) => (e.targetType ? `${e.targetType}${e.targetId ? ` ${e.targetId.slice(0, 8)}` : ''}` : ''),
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 100,
      render: (o: AuditEntry['outcome']) => <Tag color={outcomeColors[o]}>{t(`audit.outcome.${o}`)}</Tag>,
    },
    {
      title: t('audit.details'),
      dataIndex: 'details',
      render: (d: AuditEntry['details']) =>
        Object.keys(d).length === 0 ? (
          ''
        ) : (
          <Typography.Text code ellipsis={{ tooltip: JSON.stringify(d, null, 1) }} style={{ maxWidth: 260 }}>
            {JSON.stringify(d)}
          </Typography.Text>
        ),
    },
  ];

  return (
    <Card
      title={t('nav.audit')}
      data-testid="audit-page"
      extra={<ExportButton testId="audit-export" onExport={() => auditApi.exportXlsx(filters)} />}
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('audit.searchPlaceholder')}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          style={{ width: 220 }}
          data-testid="audit-search"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('audit.actionPlaceholder')}
          style={{ width: 200 }}
          options={Object.keys(auditActions).map((a) => ({ value: a, label: auditActionLabel(a, locale) }))}
          onChange={(action?: string) => update({ action })}
          data-testid="audit-action"
        />
        <Select
          allowClear
          placeholder={t('audit.outcomePlaceholder')}
          style={{ width: 130 }}
          options={outcomes.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))}
          onChange={(outcome?: string) => update({ outcome })}
          data-testid="audit-outcome"
        />
        <span data-testid="audit-range">
          <DatePicker.RangePicker onChange={(range) => onRange(range)} aria-label={t('audit.range')} />
        </span>
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        data-testid="audit-table"
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page: pageSize === f.pageSize ? page : 1, pageSize })),
        }}
      />
    </Card>
  );
}
