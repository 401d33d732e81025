import type { Queue } from '@rexian/contracts';
import { Input, Select, Space } from 'antd';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { type OverflowKind, overflowKinds } from '../cti-values.ts';
import type { OverflowFormValue } from '../queue-form-values.ts';

/**
 * One overflow action (§4.6.4.1: 转语音留言 / 转 IVR / 转其他队列 / 挂断呼叫) as a form control: the kind, then
 * the target that kind needs (an optional mailbox, an IVR name, another queue).
 */
export function OverflowField(props: {
  value?: OverflowFormValue;
  onChange?: (value: OverflowFormValue) => void;
  queues: readonly Queue[];
  selfId: string | null;
  testId: string;
}) {
  const { value = { kind: 'hangup' }, onChange, queues, selfId, testId } = props;
  const { t } = useI18n();
  const set = (patch: Partial<OverflowFormValue>) => onChange?.({ ...value, ...patch });
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select<OverflowKind>
        value={value.kind}
        onChange={(kind) => onChange?.({ kind })}
        options={overflowKinds.map((kind) => ({ value: kind, label: t(`queue.overflow.${kind}`) }))}
        style={{ width: 160 }}
        data-testid={testId}
      />
      {value.kind === 'voicemail' && (
        <Input
          value={value.mailbox ?? ''}
          onChange={(e) => set({ mailbox: e.target.value })}
          placeholder={t('queue.overflow.mailbox')}
          maxLength={32}
          data-testid={`${testId}-mailbox`}
        />
      )}
      {value.kind === 'ivr' && (
        <Input
          value={value.ivrId ?? ''}
          onChange={(e) => set({ ivrId: e.target.value })}
          placeholder={t('queue.overflow.ivrId')}
          maxLength={64}
          data-testid={`${testId}-ivr`}
        />
      )}
      {value.kind === 'queue' && (
        <Select
          value={value.queueId ?? undefined}
          onChange={(queueId: string) => set({ queueId })}
          placeholder={t('queue.overflow.queueId')}
          options={queues.filter((q) => q.id !== selfId).map((q) => ({ value: q.id, label: `${q.name} (${q.number})` }))}
          style={{ minWidth: 200, flex: 1 }}
          data-testid={`${testId}-queue`}
        />
      )}
    </Space.Compact>
  );
}
