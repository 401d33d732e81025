import { Form, Input, InputNumber, Radio, Switch } from 'antd';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../../i18n/translate.ts';
import {
  type CountKey,
  countFields,
  type DurationKey,
  durationFields,
  fieldProblem,
  rangeInUnit,
  type SwitchKey,
  type TextKey,
} from './cti-settings-values.ts';

/** The form items of the CTI basic configuration, one per API field; test ids are `cti-settings-<field>`. */
const fieldLabel = (key: string) => `ctiSettings.field.${key}` as MessageKey;
const hintKeys = new Set<string>([
  'retentionMs',
  'minBusyMs',
  'idleReminderMs',
  'mixedOfficeMode',
  'forcedRating',
  'screenPopUrl',
  'answeredWithinSeconds',
]);
const hintOf = (key: string) => (hintKeys.has(key) ? (`ctiSettings.hint.${key}` as MessageKey) : undefined);

/** A number in the unit the form shows (seconds, minutes or a plain count), checked against the API's range. */
export function NumberField({ name }: { name: DurationKey | CountKey }) {
  const { t } = useI18n();
  const isCount = name in countFields;
  const unit = isCount ? '' : t(`ctiSettings.unit.${durationFields[name as DurationKey].unit}`);
  const { min, max } = rangeInUnit(name);
  const field = t(fieldLabel(name));
  const range = isCount ? t('ctiSettings.rangeCount', { min, max }) : t('ctiSettings.range', { min, max, unit });
  const hint = hintOf(name);
  return (
    <Form.Item
      name={name}
      label={field}
      extra={hint ? `${t(hint)} · ${range}` : range}
      rules={[
        {
          validator: (_, value: number | null | undefined) => {
            const problem = fieldProblem(name, value);
            if (problem === null) return Promise.resolve();
            if (problem === 'required') return Promise.reject(new Error(t('common.required', { field })));
            const key = isCount ? 'ctiSettings.outOfRangeCount' : 'ctiSettings.outOfRange';
            return Promise.reject(new Error(t(key, { field, min, max, unit })));
          },
        },
      ]}
    >
      <InputNumber<number> suffix={unit || undefined} style={{ width: 220 }} data-testid={`cti-settings-${name}`} />
    </Form.Item>
  );
}

/** A free-text field (the screen-pop URL template); the server checks its form. */
export function TextField({ name }: { name: TextKey }) {
  const { t } = useI18n();
  const hint = hintOf(name);
  return (
    <Form.Item name={name} label={t(fieldLabel(name))} extra={hint ? t(hint) : undefined}>
      <Input allowClear maxLength={500} data-testid={`cti-settings-${name}`} />
    </Form.Item>
  );
}

export function SwitchField({ name }: { name: SwitchKey }) {
  const { t } = useI18n();
  const hint = hintOf(name);
  return (
    <Form.Item name={name} label={t(fieldLabel(name))} valuePropName="checked" extra={hint ? t(hint) : undefined}>
      <Switch data-testid={`cti-settings-${name}`} />
    </Form.Item>
  );
}

/** A small closed list shown as radio buttons; option labels are `<prefix>.<value>`. */
export function ChoiceField({
  name,
  values,
  prefix,
}: {
  name: 'recording' | 'ringTimeoutAction';
  values: readonly string[];
  prefix: 'ctiSettings.recording' | 'ctiSettings.ringTimeout';
}) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={t(fieldLabel(name))}>
      <Radio.Group data-testid={`cti-settings-${name}`}>
        {values.map((value) => (
          <Radio key={value} value={value} data-testid={`cti-settings-${name}-${value}`}>
            {t(`${prefix}.${value}` as MessageKey)}
          </Radio>
        ))}
      </Radio.Group>
    </Form.Item>
  );
}
