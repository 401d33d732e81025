import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { QuickImportResult, QuickImportRow } from '@rexian/contracts';
import { Alert, Button, Modal, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { base64OfDataUrl, readAsDataUrl } from '../ivr/voice-files/upload-file.ts';
import { quickAddApi } from './quick-add-api.ts';

/** The contract's limit (quickImportMaxBytes); checked here for a quick answer, again by the server. */
const maxBytes = 2 * 1024 * 1024;

/**
 * 快速导入 (§4.3.2): download the template, upload the filled .xlsx, see one line per row — created, or
 * failed with the server's reason. Failed rows are not created; the others are.
 */
export function QuickImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<QuickImportResult | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setResult(null);
  }, [open]);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    if (!/\.xlsx$/i.test(file.name)) return setError(t('quick.wrongType'));
    if (file.size > maxBytes) return setError(t('quick.tooLarge'));
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const contentBase64 = base64OfDataUrl(await readAsDataUrl(file)) ?? '';
      const r = await quickAddApi.importFile({ fileName: file.name, contentBase64 });
      setResult(r);
      if (r.created > 0) onImported();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    try {
      await quickAddApi.downloadTemplate();
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  const columns: TableColumnsType<QuickImportRow> = [
    { title: t('quick.row'), dataIndex: 'row', width: 70 },
    { title: t('employee.code'), dataIndex: 'code', width: 110 },
    { title: t('employee.name'), dataIndex: 'name', width: 110 },
    { title: t('quick.extensionNumber'), dataIndex: 'extensionNumber', width: 90 },
    { title: t('quick.agentNumber'), dataIndex: 'agentNumber', width: 90 },
    {
      title: t('quick.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: QuickImportRow['status']) =>
        s === 'created' ? <Tag color="green">{t('quick.statusCreated')}</Tag> : <Tag color="red">{t('quick.statusFailed')}</Tag>,
    },
    { title: t('quick.reason'), key: 'reason', render: (_, r) => r.error?.message ?? '' },
  ];

  return (
    <Modal
      open={open}
      title={t('quick.importTitle')}
      onCancel={onClose}
      width={960}
      footer={<Button onClick={onClose}>{t('quick.close')}</Button>}
      data-testid="quick-import-modal"
    >
      <Typography.Paragraph type="secondary">{t('quick.importHint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <Button icon={<DownloadOutlined />} onClick={() => void download()} data-testid="quick-template">
          {t('quick.downloadTemplate')}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          style={{ display: 'none' }}
          onChange={(e) => {
            void upload(e.target.files?.[0]);
            e.target.value = '';
          }}
          data-testid="quick-import-input"
        />
        <Button
          type="primary"
          icon={<UploadOutlined />}
          loading={busy}
          onClick={() => input.current?.click()}
          data-testid="quick-import-choose"
        >
          {t('quick.chooseFile')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="quick-import-error" />}
      {result && (
        <>
          <Alert
            type={result.failed === 0 ? 'success' : 'warning'}
            showIcon
            title={t('quick.importSummary', { total: result.total, created: result.created, failed: result.failed })}
            style={{ marginBottom: 16 }}
            data-testid="quick-import-summary"
          />
          <Table<QuickImportRow>
            rowKey="row"
            size="small"
            columns={columns}
            dataSource={result.rows}
            pagination={result.rows.length > 50 ? { pageSize: 50 } : false}
            data-testid="quick-import-rows"
          />
        </>
      )}
    </Modal>
  );
}
