import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useCan } from '../../../layout/require-permission.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { formatDateTime } from '../../../shared/format-date.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useNotify } from '../../../shared/use-notify.ts';
import { type VoiceFileDto, type VoiceFileFilters, voiceFilesApi } from '../ivr-api.ts';
import { VoiceUploadModal } from './voice-upload-modal.tsx';

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** CTI 管理 → 语音文件 (§4.6.5): upload WAV/MP3, play online, download, delete; search by name. */
export function VoiceFilesPage() {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('ivr.write');
  const [filters, setFilters] = useState<VoiceFileFilters>({ page: 1, pageSize: 20 });
  const [adding, setAdding] = useState(false);
  const list = useLoad(() => voiceFilesApi.list(filters), [filters]);

  const remove = async (file: VoiceFileDto) => {
    try {
      await voiceFilesApi.remove(file.id);
      notify.success(t('common.deleted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };
  const download = async (file: VoiceFileDto) => {
    try {
      await voiceFilesApi.download(file);
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<VoiceFileDto> = [
    { title: t('voice.name'), dataIndex: 'name' },
    { title: t('voice.originalFileName'), dataIndex: 'originalFileName' },
    { title: t('voice.format'), dataIndex: 'format', render: (v: string) => v.toUpperCase() },
    { title: t('voice.duration'), dataIndex: 'durationMs', render: (v: number) => t('voice.seconds', { n: seconds(v) }) },
    { title: t('voice.size'), dataIndex: 'sizeBytes', render: kib },
    { title: t('voice.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
    {
      title: t('voice.play'),
      key: 'play',
      render: (_, f) => (
        // preload="none": the list does not fetch every file's audio until someone presses play.
        // biome-ignore lint/a11y/useMediaCaption: recorded prompts; the name column says what they are
        <audio controls preload="none" src={voiceFilesApi.audioUrl(f.id)} style={{ height: 32 }} data-testid="voice-audio" />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, f) => (
        <Space size={0}>
          <Button
            size="small"
            type="link"
            icon={<DownloadOutlined />}
            onClick={() => void download(f)}
            data-testid="voice-download"
          >
            {t('voice.download')}
          </Button>
          {canWrite && (
            <Popconfirm
              title={t('common.confirmDelete', { name: f.name })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => remove(f)}
              okButtonProps={{ 'data-testid': 'confirm-delete' }}
            >
              <Button size="small" type="link" danger data-testid="voice-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('nav.voiceFiles')} data-testid="voiceFiles-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('voice.searchPlaceholder')}
          onSearch={(q) => setFilters((f) => ({ ...f, page: 1, q: q.trim() || undefined }))}
          style={{ width: 240 }}
          data-testid="voice-search"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="voice-add">
            {t('common.add')}
          </Button>
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<VoiceFileDto>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        data-testid="voice-files-table"
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page: pageSize === f.pageSize ? page : 1, pageSize })),
        }}
      />
      <VoiceUploadModal
        open={adding}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false);
          notify.success(t('common.saved'));
          void list.reload();
        }}
      />
    </Card>
  );
}
