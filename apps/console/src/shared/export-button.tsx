import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotify } from './use-notify.ts';

/** Excel export through the API (exceljs on the server); shows the server's message when refused. */
export function ExportButton({ onExport, testId }: { onExport: () => Promise<unknown>; testId: string }) {
  const { t } = useI18n();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await onExport();
    } catch (error) {
      notify.failure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={run} data-testid={testId}>
      {busy ? t('common.exporting') : t('common.export')}
    </Button>
  );
}
