import { ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, InputNumber, Select, Space } from 'antd';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import type { VoiceFileDto } from '../ivr-api.ts';
import type { PlayItem, PlayItemKind } from './ivr-tree.ts';

export const playItemKinds = [
  'voice',
  'tts',
  'digits',
  'number',
  'amount',
  'pause',
  'voiceVariable',
  'digitsVariable',
  'numberVariable',
  'amountVariable',
  'ttsVariable',
] as const satisfies readonly PlayItemKind[];

type Complete<Missing extends never> = Missing;
export type PlayItemKindsComplete = Complete<Exclude<PlayItemKind, (typeof playItemKinds)[number]>>;

function emptyItem(kind: PlayItemKind): PlayItem {
  switch (kind) {
    case 'voice':
      return { kind, voiceFileId: '' };
    case 'tts':
      return { kind, text: '' };
    case 'digits':
    case 'number':
    case 'amount':
      return { kind, value: '' };
    case 'pause':
      return { kind, seconds: 1 };
    default:
      return { kind, variable: '' };
  }
}

/** One play item's value: a voice file, a text, a number of seconds, or a variable name. */
function ItemValue(props: {
  item: PlayItem;
  voices: readonly VoiceFileDto[];
  onChange: (item: PlayItem) => void;
  testId: string;
}) {
  const { item, voices, onChange, testId } = props;
  const { t } = useI18n();
  switch (item.kind) {
    case 'voice':
      return (
        <Select
          style={{ width: 220 }}
          value={item.voiceFileId || undefined}
          placeholder={t('ivrItem.chooseVoice')}
          options={voices.map((v) => ({ value: v.id, label: v.name }))}
          onChange={(voiceFileId: string) => onChange({ ...item, voiceFileId })}
          data-testid={testId}
        />
      );
    case 'tts':
      return (
        <Input
          style={{ width: 260 }}
          value={item.text}
          maxLength={500}
          onChange={(e) => onChange({ ...item, text: e.target.value })}
          data-testid={testId}
        />
      );
    case 'digits':
    case 'number':
    case 'amount':
      return (
        <Input
          style={{ width: 160 }}
          value={item.value}
          maxLength={32}
          onChange={(e) => onChange({ ...item, value: e.target.value })}
          data-testid={testId}
        />
      );
    case 'pause':
      return (
        <InputNumber
          min={0}
          max={60}
          value={item.seconds}
          addonAfter={t('ivrItem.secondsUnit')}
          onChange={(seconds) => onChange({ ...item, seconds: seconds ?? 0 })}
          data-testid={testId}
        />
      );
    default:
      return (
        <Input
          style={{ width: 160 }}
          value={item.variable}
          placeholder={t('ivrItem.variable')}
          maxLength={64}
          onChange={(e) => onChange({ ...item, variable: e.target.value })}
          data-testid={testId}
        />
      );
  }
}

/** 添加播放内容: an ordered list of play items (语音, 数字, 数目, 金额, 变量, TTS, 暂停时间). */
export function PlayItemsEditor(props: {
  items: readonly PlayItem[];
  voices: readonly VoiceFileDto[];
  onChange: (items: PlayItem[]) => void;
  disabled?: boolean;
  testId: string;
}) {
  const { items, voices, onChange, disabled, testId } = props;
  const { t } = useI18n();
  const set = (index: number, item: PlayItem) => onChange(items.map((x, i) => (i === index ? item : x)));
  const remove = (index: number) => onChange(items.filter((_, i) => i !== index));
  const up = (index: number) => {
    const next = [...items];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(index - 1, 0, moved);
    onChange(next);
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
      {items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: play items have no id; their place is their identity
        <Space key={index} wrap>
          <Select<PlayItemKind>
            style={{ width: 140 }}
            value={item.kind}
            disabled={disabled}
            options={playItemKinds.map((k) => ({ value: k, label: t(`ivrItem.kind.${k}`) }))}
            onChange={(kind) => set(index, emptyItem(kind))}
            data-testid={`${testId}-kind-${index}`}
          />
          <ItemValue item={item} voices={voices} onChange={(x) => set(index, x)} testId={`${testId}-value-${index}`} />
          <Button
            size="small"
            icon={<ArrowUpOutlined />}
            disabled={disabled || index === 0}
            onClick={() => up(index)}
            title={t('ivrItem.up')}
          />
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            disabled={disabled}
            onClick={() => remove(index)}
            title={t('common.delete')}
          />
        </Space>
      ))}
      <Button
        size="small"
        icon={<PlusOutlined />}
        disabled={disabled}
        onClick={() => onChange([...items, emptyItem('tts')])}
        data-testid={`${testId}-add`}
      >
        {t('ivrItem.add')}
      </Button>
    </Space>
  );
}
