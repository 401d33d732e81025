import type { CdrDetail, CdrLegDto } from '@rexian/contracts';
import { Alert, Descriptions, type DescriptionsProps, Drawer, Spin, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import { useLoad } from '../../shared/use-load.ts';
import { formatDuration } from './call-values.ts';
import { cdrsApi } from './records-api.ts';
import { useCodeLabel } from './use-code-label.ts';

/** 通话详情: the call's parties, times, durations, cause, who hung up, its legs and the recording player. */
export function CdrDetailDrawer({ callId, onClose }: { callId: string | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const label = useCodeLabel();
  const detail = useLoad(() => (callId ? cdrsApi.get(callId) : Promise.resolve(undefined)), [callId]);
  const c: CdrDetail | undefined = detail.data;

  const items: DescriptionsProps['items'] = c
    ? [
        { key: 'caller', label: t('cdr.caller'), children: <span data-testid="cdr-detail-caller">{c.caller}</span> },
        { key: 'callee', label: t('cdr.callee'), children: <span data-testid="cdr-detail-callee">{c.callee}</span> },
        { key: 'access', label: t('cdr.accessNumber'), children: c.accessNumber ?? '' },
        { key: 'type', label: t('cdr.callType'), children: label('call.type', c.callType) },
        { key: 'started', label: t('cdr.startedAt'), children: formatDateTime(c.startedAt, locale) },
        { key: 'answered', label: t('cdr.answeredAt'), children: formatDateTime(c.answeredAt, locale) },
        { key: 'ended', label: t('cdr.endedAt'), children: formatDateTime(c.endedAt, locale) },
        { key: 'ring', label: t('cdr.ring'), children: <span data-testid="cdr-detail-ring">{formatDuration(c.ringMs)}</span> },
        { key: 'talk', label: t('cdr.talk'), children: <span data-testid="cdr-detail-talk">{formatDuration(c.talkMs)}</span> },
        {
          key: 'cause',
          label: t('cdr.cause'),
          children: <span data-testid="cdr-detail-cause">{label('call.cause', c.cause)}</span>,
        },
        {
          key: 'hungUpBy',
          label: t('cdr.hungUpBy'),
          children: <span data-testid="cdr-detail-hungup">{label('call.party', c.hungUpBy)}</span>,
        },
        {
          key: 'status',
          label: t('cdr.status'),
          children: c.open ? (
            <Tag color="blue">{t('cdr.inProgress')}</Tag>
          ) : c.answeredAt ? (
            <Tag color="green">{t('cdr.answered')}</Tag>
          ) : (
            <Tag>{t('cdr.notAnswered')}</Tag>
          ),
        },
      ]
    : [];

  const legColumns: TableColumnsType<CdrLegDto> = [
    { title: t('cdr.legRole'), dataIndex: 'role', render: (v: string) => label('call.role', v) },
    { title: t('cdr.legDirection'), dataIndex: 'direction', render: (v: string) => label('cdr.direction', v) },
    { title: t('cdr.caller'), dataIndex: 'caller' },
    { title: t('cdr.callee'), dataIndex: 'callee' },
    { title: t('cdr.answeredAt'), dataIndex: 'answeredAt', render: (v: string | null) => formatDateTime(v, locale) },
    { title: t('cdr.endedAt'), dataIndex: 'endedAt', render: (v: string | null) => formatDateTime(v, locale) },
    { title: t('cdr.cause'), dataIndex: 'cause', render: (v: string | null) => label('call.cause', v) },
    { title: t('cdr.hungUpBy'), dataIndex: 'hungUpBy', render: (v: string | null) => label('call.leg', v) },
    { title: t('cdr.trunk'), dataIndex: 'trunkId', render: (v: string | null) => v ?? '' },
  ];

  return (
    <Drawer
      open={callId !== null}
      onClose={onClose}
      size={880}
      destroyOnHidden
      title={t('cdr.detailTitle')}
      data-testid="cdr-detail"
    >
      {detail.error !== undefined && <Alert type="error" showIcon title={errorText(detail.error, t)} />}
      {!c && detail.loading && <Spin />}
      {c && (
        <>
          <Descriptions bordered size="small" column={2} items={items} />
          {c.masked && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
              {t('cdr.masked')}
            </Typography.Text>
          )}
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('cdr.recording')}
          </Typography.Title>
          {c.hasRecording ? (
            // biome-ignore lint/a11y/useMediaCaption: a call recording; there is no transcript
            <audio controls preload="none" src={cdrsApi.recordingUrl(c.callId)} data-testid="cdr-recording" />
          ) : (
            <Typography.Text type="secondary" data-testid="cdr-no-recording">
              {t('cdr.noRecording')}
            </Typography.Text>
          )}
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('cdr.legs')}
          </Typography.Title>
          <Table<CdrLegDto>
            rowKey="channelId"
            size="small"
            pagination={false}
            columns={legColumns}
            dataSource={c.legs}
            data-testid="cdr-legs"
            scroll={{ x: 'max-content' }}
          />
        </>
      )}
    </Drawer>
  );
}
