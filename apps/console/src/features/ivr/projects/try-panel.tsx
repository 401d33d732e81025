import { PlayCircleOutlined } from '@ant-design/icons';
import type { IvrIssue } from '@rexian/contracts';
import { Alert, Button, Descriptions, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { errorText } from '../../../shared/error-text.ts';
import type { IvrTryInput, IvrTryResult } from '../ivr-api.ts';
import { issuesOfError } from './issues-of-error.ts';
import { parseTurns, traceDetails } from './try-turns.ts';

type TraceRow = IvrTryResult['trace'][number];

/**
 * 试运行: runs a saved flow (a project, or an IVR configuration's VXML) against typed caller turns on the
 * server's virtual clock and shows the interpreter's trace. A flow with problems hands them to `onIssues`.
 */
export function TryPanel(props: {
  run: (input: IvrTryInput) => Promise<IvrTryResult>;
  dirty?: boolean;
  onIssues?: (issues: IvrIssue[]) => void;
}) {
  const { dirty, onIssues } = props;
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [caller, setCaller] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<IvrTryResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    const { turns, bad } = parseTurns(text);
    if (bad.length > 0) {
      setResult(null);
      setError(t('ivrTry.badTurns', { turns: bad.join(' ') }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await props.run({ dtmf: turns, ...(caller.trim() ? { caller: caller.trim() } : {}) }));
    } catch (e) {
      setResult(null);
      setError(errorText(e, t));
      const issues = issuesOfError(e);
      if (issues && onIssues) onIssues(issues);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="try-panel">
      {dirty && <Alert type="warning" showIcon title={t('ivrTry.unsaved')} />}
      <Space wrap>
        <Input
          value={text}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => void start()}
          placeholder={t('ivrTry.turnsPlaceholder')}
          style={{ width: 280 }}
          data-testid="try-digits"
        />
        <Input
          value={caller}
          onChange={(e) => setCaller(e.target.value)}
          placeholder={t('ivrTry.caller')}
          style={{ width: 140 }}
          maxLength={32}
        />
        <Button type="primary" icon={<PlayCircleOutlined />} loading={busy} onClick={() => void start()} data-testid="try-run">
          {t('ivrTry.run')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} data-testid="try-error" />}
      {result && (
        <>
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('ivrTry.reason')}>
              <Tag color={result.reason === 'error' ? 'red' : 'blue'} data-testid="try-reason">
                {result.reason}
              </Tag>
              {result.detail ?? ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('ivrTry.duration')}>
              {t('voice.seconds', { n: (result.durationMs / 1000).toFixed(1) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('ivrTry.steps')}>{result.trace.length}</Descriptions.Item>
          </Descriptions>
          <Table<TraceRow>
            size="small"
            rowKey={(_, index) => String(index)}
            dataSource={result.trace}
            pagination={false}
            scroll={{ y: 320 }}
            data-testid="try-trace"
            columns={[
              { title: t('ivrTry.time'), dataIndex: 't', width: 90, render: (v: number) => `${v} ms` },
              { title: t('ivrTry.type'), dataIndex: 'type', width: 110 },
              { title: t('ivrTry.details'), key: 'details', render: (_, row) => traceDetails(row) },
            ]}
          />
        </>
      )}
    </Space>
  );
}
