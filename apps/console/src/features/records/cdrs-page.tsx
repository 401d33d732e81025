import { AudioOutlined, SearchOutlined } from '@ant-design/icons';
import { type CdrSummary, callTypes, hangupParties } from '@rexian/contracts';
import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import { useLoad } from '../../shared/use-load.ts';
import { formatDuration, secondsOf } from './call-values.ts';
import { CdrDetailDrawer } from './cdr-detail-drawer.tsx';
import { type CdrFilters, cdrsApi } from './records-api.ts';
import { useCodeLabel } from './use-code-label.ts';

type Draft = {
  caller?: string;
  callee?: string;
  accessNumber?: string;
  callType?: CdrFilters['callType'];
  answered?: CdrFilters['answered'];
  minTalk?: string;
  maxTalk?: string;
  hungUpBy?: CdrFilters['hungUpBy'];
  extension?: string;
  agent?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
};

const text = (v: string | undefined) => v?.trim() || undefined;

/** The form's draft → the API's filters (whole days in the browser's time zone, sent with their offset). */
function filtersOf(d: Draft, pageSize: number): CdrFilters {
  return {
    page: 1,
    pageSize,
    caller: text(d.caller),
    callee: text(d.callee),
    accessNumber: text(d.accessNumber),
    callType: d.callType,
    answered: d.answered,
    minTalkSeconds: secondsOf(d.minTalk),
    maxTalkSeconds: secondsOf(d.maxTalk),
    hungUpBy: d.hungUpBy,
    extension: text(d.extension),
    agent: text(d.agent),
    from: d.range?.[0] ? d.range[0].startOf('day').format() : undefined,
    to: d.range?.[1] ? d.range[1].endOf('day').format() : undefined,
  };
}

/** 统计报表 → 通话记录 (§4.7.2): the manual's filters, the list, and a detail drawer per call. */
export function CdrsPage() {
  const { t, locale } = useI18n();
  const label = useCodeLabel();
  const [draft, setDraft] = useState<Draft>({});
  const [filters, setFilters] = useState<CdrFilters>({ page: 1, pageSize: 20 });
  const [open, setOpen] = useState<string | null>(null);
  const list = useLoad(() => cdrsApi.list(filters), [filters]);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const field = (key: 'caller' | 'callee' | 'accessNumber' | 'minTalk' | 'maxTalk' | 'extension' | 'agent', width = 140) => ({
    value: draft[key] ?? '',
    onChange: (e: { target: { value: string } }) => set({ [key]: e.target.value }),
    onPressEnter: () => setFilters(filtersOf(draft, filters.pageSize)),
    style: { width },
    allowClear: true,
  });

  const columns: TableColumnsType<CdrSummary> = [
    {
      title: t('cdr.caller'),
      dataIndex: 'caller',
      render: (v: string, c) => (
        <Space size={4}>
          <span data-testid="cdr-caller">{v}</span>
          <Button size="small" type="link" onClick={() => setOpen(c.callId)} data-testid="cdr-detail-open">
            {t('cdr.detail')}
          </Button>
        </Space>
      ),
    },
    { title: t('cdr.callee'), dataIndex: 'callee', render: (v: string) => <span data-testid="cdr-callee">{v}</span> },
    { title: t('cdr.accessNumber'), dataIndex: 'accessNumber' },
    { title: t('cdr.callType'), dataIndex: 'callType', render: (v: string) => label('call.type', v) },
    {
      title: t('cdr.status'),
      key: 'status',
      render: (_, c) =>
        c.open ? (
          <Tag color="blue">{t('cdr.inProgress')}</Tag>
        ) : c.answeredAt ? (
          <Tag color="green" data-testid="cdr-status">
            {t('cdr.answered')}
          </Tag>
        ) : (
          <Tag data-testid="cdr-status">{t('cdr.notAnswered')}</Tag>
        ),
    },
    { title: t('cdr.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatDateTime(v, locale) },
    { title: t('cdr.ring'), dataIndex: 'ringMs', render: (v: number | null) => formatDuration(v) },
    {
      title: t('cdr.talk'),
      dataIndex: 'talkMs',
      render: (v: number | null) => <span data-testid="cdr-talk">{formatDuration(v)}</span>,
    },
    { title: t('cdr.hungUpBy'), dataIndex: 'hungUpBy', render: (v: string | null) => label('call.party', v) },
    { title: t('cdr.cause'), dataIndex: 'cause', render: (v: string | null) => label('call.cause', v) },
    {
      title: t('cdr.recording'),
      dataIndex: 'hasRecording',
      render: (v: boolean) => (v ? <AudioOutlined aria-label={t('cdr.recording')} data-testid="cdr-has-recording" /> : ''),
    },
  ];

  return (
    <Card title={t('nav.cdrs')} data-testid="cdrs-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input placeholder={t('cdr.caller')} {...field('caller')} data-testid="cdr-filter-caller" />
        <Input placeholder={t('cdr.callee')} {...field('callee')} data-testid="cdr-filter-callee" />
        <Input placeholder={t('cdr.accessNumber')} {...field('accessNumber')} data-testid="cdr-filter-access" />
        <Select
          allowClear
          placeholder={t('cdr.callType')}
          style={{ width: 130 }}
          value={draft.callType}
          options={callTypes.map((v) => ({ value: v, label: label('call.type', v) }))}
          onChange={(callType?: CdrFilters['callType']) => set({ callType })}
          data-testid="cdr-filter-type"
        />
        <Select
          allowClear
          placeholder={t('cdr.status')}
          style={{ width: 120 }}
          value={draft.answered}
          options={[
            { value: 'true', label: t('cdr.answered') },
            { value: 'false', label: t('cdr.notAnswered') },
          ]}
          onChange={(answered?: CdrFilters['answered']) => set({ answered })}
          data-testid="cdr-filter-status"
        />
        <Input placeholder={t('cdr.minTalk')} {...field('minTalk', 120)} data-testid="cdr-filter-min" />
        <Input placeholder={t('cdr.maxTalk')} {...field('maxTalk', 120)} data-testid="cdr-filter-max" />
        <Select
          allowClear
          placeholder={t('cdr.hungUpBy')}
          style={{ width: 110 }}
          value={draft.hungUpBy}
          options={hangupParties.map((v) => ({ value: v, label: label('call.party', v) }))}
          onChange={(hungUpBy?: CdrFilters['hungUpBy']) => set({ hungUpBy })}
          data-testid="cdr-filter-hungup"
        />
        <Input placeholder={t('cdr.extension')} {...field('extension', 110)} data-testid="cdr-filter-extension" />
        <Input placeholder={t('cdr.agent')} {...field('agent', 110)} data-testid="cdr-filter-agent" />
        <span data-testid="cdr-filter-range">
          <DatePicker.RangePicker value={draft.range ?? null} onChange={(range) => set({ range })} aria-label={t('cdr.range')} />
        </span>
        <Button
          type="primary"
          icon={<SearchOutlined />}
          onClick={() => setFilters(filtersOf(draft, filters.pageSize))}
          data-testid="cdr-search"
        >
          {t('cdr.search')}
        </Button>
        <Button
          onClick={() => {
            setDraft({});
            setFilters({ page: 1, pageSize: filters.pageSize });
          }}
          data-testid="cdr-reset"
        >
          {t('common.reset')}
        </Button>
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<CdrSummary>
        rowKey="callId"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        data-testid="cdrs-table"
        scroll={{ x: 'max-content' }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page: pageSize === f.pageSize ? page : 1, pageSize })),
        }}
      />
      <CdrDetailDrawer callId={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
