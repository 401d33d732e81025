import type { CallTargetOptions } from '@rexian/contracts';
import { Input, Select, Space } from 'antd';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { TargetFormValue } from './access-number-values.ts';
import { callTargetKinds } from './dialplan-values.ts';

/**
 * One call target as a form control: the kind (分机 / IVR 配置 / 队列 / 语音留言), then what that kind needs —
 * picked from the server's lists (extensions by number, IVR configurations and queues by id) or, for
 * voicemail, a mailbox number. Without the lists (still loading, or refused) the value is typed.
 */
export function CallTargetField(props: {
  value?: TargetFormValue;
  onChange?: (value: TargetFormValue) => void;
  options: CallTargetOptions | undefined;
  /** The label of "no target", or undefined when a target is required. */
  noneLabel?: string;
  testId: string;
}) {
  const { value = { kind: 'none' }, onChange, options, noneLabel, testId } = props;
  const { t } = useI18n();
  const kinds = [
    ...(noneLabel ? [{ value: 'none' as const, label: noneLabel }] : []),
    ...callTargetKinds.map((kind) => ({ value: kind, label: t(`dp.target.${kind}`) })),
  ];
  const setValue = (v: string | null) => onChange?.({ kind: value.kind, value: v });
  const list =
    value.kind === 'extension'
      ? options?.extensions
      : value.kind === 'ivr'
        ? options?.ivrConfigs
        : value.kind === 'queue'
          ? options?.queues
          : undefined;
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select<TargetFormValue['kind']>
        value={value.kind}
        onChange={(kind) => onChange?.({ kind, value: null })}
        options={kinds}
        style={{ width: 150 }}
        data-testid={testId}
      />
      {value.kind === 'voicemail' || (value.kind !== 'none' && list === undefined) ? (
        <Input
          value={value.value ?? ''}
          onChange={(e) => setValue(e.target.value)}
          placeholder={value.kind === 'voicemail' ? t('dp.target.mailbox') : t('dp.target.pick')}
          maxLength={64}
          data-testid={`${testId}-value`}
        />
      ) : value.kind !== 'none' ? (
        <Select
          value={value.value ?? undefined}
          onChange={(v: string) => setValue(v)}
          options={list}
          placeholder={t('dp.target.pick')}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ flex: 1, minWidth: 200 }}
          data-testid={`${testId}-value`}
        />
      ) : null}
    </Space.Compact>
  );
}
