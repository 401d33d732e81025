import type { Voicemail } from '@rexian/contracts';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { formatDuration } from './call-values.ts';
import { type VoicemailFilters, voicemailsApi } from './records-api.ts';

/** The note dialog (留言备注): what the caller said, kept with the message. */
function NoteModal({ message, onClose, onSaved }: { message: Voicemail | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const notify = useNotify();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => setNote(message?.note ?? ''), [message]);
  const save = async () => {
    if (!message) return;
    setSaving(true);
    try {
      await voicemailsApi.update(message.id, { note });
      notify.success(t('common.saved'));
      onSaved();
    } catch (e) {
      notify.failure(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={message !== null}
      title={t('vm.noteTitle')}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'vm-note-save' }}
      destroyOnHidden
    >
      <Input.TextArea
        rows={4}
        maxLength={500}
        showCount
        value={note}
        onChange={(e) => setNote(e.target.value)}
        data-testid="vm-note"
      />
    </Modal>
  );
}

/** 统计报表 → 语音留言 (§4.7.4): messages with inline playback; mark handled, note, delete. */
export function VoicemailsPage() {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('pbx.voicemail.write');
  const [filters, setFilters] = useState<VoicemailFilters>({ page: 1, pageSize: 20 });
  const [noting, setNoting] = useState<Voicemail | null>(null);
  const list = useLoad(() => voicemailsApi.list(filters), [filters]);
  const update = (patch: Partial<VoicemailFilters>) => setFilters((f) => ({ ...f, ...patch, page: 1 }));

  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      notify.success(done);
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };
  const onRange = (range: [Dayjs | null, Dayjs | null] | null) =>
    update({
      from: range?.[0] ? range[0].startOf('day').format() : undefined,
      to: range?.[1] ? range[1].endOf('day').format() : undefined,
    });

  const columns: TableColumnsType<Voicemail> = [
    { title: t('vm.mailbox'), dataIndex: 'mailbox', render: (v: string) => <span data-testid="vm-mailbox">{v}</span> },
    { title: t('vm.caller'), dataIndex: 'caller', render: (v: string) => <span data-testid="vm-caller">{v}</span> },
    { title: t('cdr.accessNumber'), dataIndex: 'accessNumber' },
    { title: t('vm.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
    { title: t('vm.duration'), dataIndex: 'durationMs', render: (v: number) => formatDuration(v) },
    {
      title: t('vm.status'),
      dataIndex: 'handled',
      render: (v: boolean) =>
        v ? (
          <Tag color="green" data-testid="vm-status">
            {t('vm.handled')}
          </Tag>
        ) : (
          <Tag color="orange" data-testid="vm-status">
            {t('vm.unhandled')}
          </Tag>
        ),
    },
    {
      title: t('vm.handledBy'),
      key: 'handledBy',
      render: (_, v) => (v.handled ? `${v.handledByName ?? ''} ${formatDateTime(v.handledAt, locale)}`.trim() : ''),
    },
    {
      title: t('vm.note'),
      dataIndex: 'note',
      render: (v: string) => (
        <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 200 }} data-testid="vm-note-text">
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('vm.play'),
      key: 'play',
      render: (_, v) => (
        // preload="none": the list does not fetch every message until someone presses play.
        // biome-ignore lint/a11y/useMediaCaption: a caller's recorded message; the note column says what it is
        <audio
          controls
          preload="none"
          src={voicemailsApi.audioUrl(v.id)}
          style={{ height: 32, width: 240 }}
          data-testid="vm-audio"
        />
      ),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, v) => (
        <Space size={0} wrap>
          {v.handled ? (
            <Button
              size="small"
              type="link"
              onClick={() => void act(() => voicemailsApi.update(v.id, { handled: false }), t('vm.unhandledDone'))}
              data-testid="vm-unhandle"
            >
              {t('vm.markUnhandled')}
            </Button>
          ) : (
            <Button
              size="small"
              type="link"
              onClick={() => void act(() => voicemailsApi.update(v.id, { handled: true }), t('vm.handledDone'))}
              data-testid="vm-handle"
            >
              {t('vm.markHandled')}
            </Button>
          )}
          <Button size="small" type="link" onClick={() => setNoting(v)} data-testid="vm-edit-note">
            {t('vm.editNote')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: `${v.caller} → ${v.mailbox}` })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => act(() => voicemailsApi.remove(v.id), t('common.deleted'))}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="vm-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.voicemails')} data-testid="voicemails-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('vm.mailboxPlaceholder')}
          onSearch={(q) => update({ mailbox: q.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="vm-filter-mailbox"
        />
        <Input.Search
          allowClear
          placeholder={t('vm.caller')}
          onSearch={(q) => update({ caller: q.trim() || undefined })}
          style={{ width: 180 }}
          data-testid="vm-filter-caller"
        />
        <Select
          allowClear
          placeholder={t('vm.status')}
          style={{ width: 120 }}
          options={[
            { value: 'false', label: t('vm.unhandled') },
            { value: 'true', label: t('vm.handled') },
          ]}
          onChange={(handled?: VoicemailFilters['handled']) => update({ handled })}
          data-testid="vm-filter-handled"
        />
        <span data-testid="vm-filter-range">
          <DatePicker.RangePicker onChange={(range) => onRange(range)} aria-label={t('cdr.range')} />
        </span>
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<Voicemail>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        data-testid="voicemails-table"
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
      <NoteModal
        message={noting}
        onClose={() => setNoting(null)}
        onSaved={() => {
          setNoting(null);
          void list.reload();
        }}
      />
    </Card>
  );
}
