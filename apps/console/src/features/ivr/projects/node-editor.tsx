import type { IvrIssue } from '@rexian/contracts';
import { Alert, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import type { VoiceFileDto } from '../ivr-api.ts';
import type { IvrNode, PlayItem } from './ivr-tree.ts';
import { PlayItemsEditor } from './play-items-editor.tsx';

type Props = { node: IvrNode; voices: readonly VoiceFileDto[]; readOnly: boolean; onChange: (node: IvrNode) => void };
type Of<K extends IvrNode['kind']> = Extract<IvrNode, { kind: K }>;

const conditionOps = [
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'empty',
  'notEmpty',
] as const satisfies readonly Of<'condition'>['branches'][number]['op'][];
const optionalNumber = (v: number | null) => (v === null ? undefined : v);

/** The fields every kind shares with a prompt: 播放内容 and 可被打断. */
function PromptFields({ node, voices, readOnly, onChange }: Props & { node: Of<'play'> | Of<'menu'> | Of<'http'> }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item label={t('ivrNode.items')}>
        <PlayItemsEditor
          items={node.items}
          voices={voices}
          disabled={readOnly}
          onChange={(items) => onChange({ ...node, items })}
          testId="node-items"
        />
      </Form.Item>
      <Form.Item label={t('ivrNode.interruptible')}>
        <Switch
          checked={node.interruptible}
          disabled={readOnly}
          onChange={(interruptible) => onChange({ ...node, interruptible })}
          data-testid="node-interruptible"
        />
      </Form.Item>
    </>
  );
}

/** Transfers and hang-up may play something first (optional items). */
function OptionalItems({ node, voices, readOnly, onChange }: Props & { node: Of<'queue'> | Of<'voicemail'> | Of<'hangup'> }) {
  const { t } = useI18n();
  const set = (items: PlayItem[]) => onChange(items.length > 0 ? { ...node, items } : withoutItems(node));
  return (
    <Form.Item label={t('ivrNode.items')}>
      <PlayItemsEditor items={node.items ?? []} voices={voices} disabled={readOnly} onChange={set} testId="node-items" />
    </Form.Item>
  );
}

function withoutItems(node: Of<'queue'> | Of<'voicemail'> | Of<'hangup'>): IvrNode {
  const { items: _drop, ...rest } = node;
  return rest;
}

function MenuFields({ node, voices, readOnly, onChange }: Props & { node: Of<'menu'> }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item label={t('ivrNode.invalidItems')} extra={t('ivrNode.invalidItemsHint')}>
        <PlayItemsEditor
          items={node.invalidItems ?? []}
          voices={voices}
          disabled={readOnly}
          onChange={(items) => onChange({ ...node, invalidItems: items.length > 0 ? items : undefined })}
          testId="node-invalid-items"
        />
      </Form.Item>
      <Space wrap>
        <Form.Item label={t('ivrNode.timeoutSeconds')}>
          <InputNumber
            min={1}
            max={60}
            value={node.timeoutSeconds}
            disabled={readOnly}
            placeholder="5"
            onChange={(v) => onChange({ ...node, timeoutSeconds: optionalNumber(v) })}
            data-testid="node-timeout"
          />
        </Form.Item>
        <Form.Item label={t('ivrNode.maxAttempts')}>
          <InputNumber
            min={1}
            max={10}
            precision={0}
            value={node.maxAttempts}
            disabled={readOnly}
            placeholder="3"
            onChange={(v) => onChange({ ...node, maxAttempts: optionalNumber(v) })}
            data-testid="node-attempts"
          />
        </Form.Item>
      </Space>
    </>
  );
}

function HttpFields({ node, readOnly, onChange }: Props & { node: Of<'http'> }) {
  const { t } = useI18n();
  const collect = node.collect;
  return (
    <>
      <Space wrap>
        <Form.Item label={t('ivrNode.method')}>
          <Select
            value={node.method}
            disabled={readOnly}
            style={{ width: 100 }}
            options={[
              { value: 'get', label: 'GET' },
              { value: 'post', label: 'POST' },
            ]}
            onChange={(method) => onChange({ ...node, method })}
          />
        </Form.Item>
        <Form.Item label={t('ivrNode.url')}>
          <Input
            value={node.url}
            disabled={readOnly}
            style={{ width: 320 }}
            maxLength={1000}
            onChange={(e) => onChange({ ...node, url: e.target.value })}
            data-testid="node-url"
          />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item label={t('ivrNode.send')}>
          <Select
            mode="tags"
            value={node.send}
            disabled={readOnly}
            style={{ minWidth: 200 }}
            onChange={(send: string[]) => onChange({ ...node, send })}
          />
        </Form.Item>
        <Form.Item label={t('ivrNode.receive')}>
          <Select
            mode="tags"
            value={node.receive}
            disabled={readOnly}
            style={{ minWidth: 200 }}
            onChange={(receive: string[]) => onChange({ ...node, receive })}
          />
        </Form.Item>
      </Space>
      <Form.Item label={t('ivrNode.collect')}>
        <Space wrap>
          <Switch
            checked={collect !== undefined}
            disabled={readOnly}
            onChange={(on) =>
              onChange(on ? { ...node, collect: { variable: '', minDigits: 1, maxDigits: 8 } } : { ...node, collect: undefined })
            }
          />
          {collect && (
            <>
              <Input
                value={collect.variable}
                disabled={readOnly}
                placeholder={t('ivrNode.collectVariable')}
                style={{ width: 150 }}
                onChange={(e) => onChange({ ...node, collect: { ...collect, variable: e.target.value } })}
              />
              <InputNumber
                min={1}
                max={32}
                precision={0}
                value={collect.minDigits}
                disabled={readOnly}
                addonBefore={t('ivrNode.minDigits')}
                onChange={(v) => onChange({ ...node, collect: { ...collect, minDigits: v ?? 1 } })}
              />
              <InputNumber
                min={1}
                max={32}
                precision={0}
                value={collect.maxDigits}
                disabled={readOnly}
                addonBefore={t('ivrNode.maxDigits')}
                onChange={(v) => onChange({ ...node, collect: { ...collect, maxDigits: v ?? 1 } })}
              />
            </>
          )}
        </Space>
      </Form.Item>
    </>
  );
}

function ConditionFields({ node, readOnly, onChange }: Props & { node: Of<'condition'> }) {
  const { t } = useI18n();
  const set = (index: number, patch: Partial<Of<'condition'>['branches'][number]>) =>
    onChange({ ...node, branches: node.branches.map((b, i) => (i === index ? { ...b, ...patch } : b)) });
  return (
    <Form.Item label={t('ivrNode.branches')} extra={t('ivrNode.branchesHint')}>
      <Space orientation="vertical">
        {node.branches.map((b, index) => (
          <Space key={b.next.id} wrap>
            <span>{t('ivrSlot.branch', { n: index + 1 })}</span>
            <Input
              value={b.variable}
              disabled={readOnly}
              placeholder={t('ivrItem.variable')}
              style={{ width: 130 }}
              onChange={(e) => set(index, { variable: e.target.value })}
              data-testid={`branch-variable-${index}`}
            />
            <Select
              value={b.op}
              disabled={readOnly}
              style={{ width: 120 }}
              options={conditionOps.map((op) => ({ value: op, label: t(`ivrOp.${op}`) }))}
              onChange={(op) => set(index, { op })}
            />
            <Input
              value={b.value}
              disabled={readOnly || b.op === 'empty' || b.op === 'notEmpty'}
              style={{ width: 130 }}
              maxLength={200}
              onChange={(e) => set(index, { value: e.target.value })}
              data-testid={`branch-value-${index}`}
            />
          </Space>
        ))}
      </Space>
    </Form.Item>
  );
}

/** The selected node's own fields (节点说明); its children are edited in the tree. */
export function NodeEditor(props: Props & { issues: readonly IvrIssue[] }) {
  const { node, readOnly, onChange, issues } = props;
  const { t } = useI18n();
  return (
    <Form layout="vertical" data-testid="node-editor">
      {issues.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="node-issues"
          title={
            <ul style={{ margin: 0, paddingInlineStart: 16 }}>
              {issues.map((i) => (
                <li key={`${i.field}:${i.message}`}>
                  {i.field}: {i.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Form.Item label={t('ivrNode.name')}>
        <Input
          value={node.name}
          disabled={readOnly}
          maxLength={64}
          onChange={(e) => onChange({ ...node, name: e.target.value })}
          data-testid="node-name"
        />
      </Form.Item>
      {node.kind === 'queue' && (
        <Form.Item label={t('ivrNode.queue')}>
          <Input
            value={node.queue}
            disabled={readOnly}
            maxLength={64}
            onChange={(e) => onChange({ ...node, queue: e.target.value })}
            data-testid="node-queue"
          />
        </Form.Item>
      )}
      {node.kind === 'voicemail' && (
        <Form.Item label={t('ivrNode.mailbox')}>
          <Input
            value={node.mailbox}
            disabled={readOnly}
            maxLength={64}
            onChange={(e) => onChange({ ...node, mailbox: e.target.value })}
            data-testid="node-mailbox"
          />
        </Form.Item>
      )}
      {node.kind === 'menu' && <MenuFields {...props} node={node} />}
      {node.kind === 'http' && <HttpFields {...props} node={node} />}
      {node.kind === 'condition' && <ConditionFields {...props} node={node} />}
      {(node.kind === 'play' || node.kind === 'menu' || node.kind === 'http') && <PromptFields {...props} node={node} />}
      {(node.kind === 'queue' || node.kind === 'voicemail' || node.kind === 'hangup') && <OptionalItems {...props} node={node} />}
    </Form>
  );
}
