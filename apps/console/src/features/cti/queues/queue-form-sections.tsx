import type { Queue } from '@rexian/contracts';
import { Col, Form, Input, InputNumber, Radio, Row, Switch } from 'antd';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { distributionStrategies } from '../cti-values.ts';
import { MusicOnHoldField } from './music-on-hold-field.tsx';
import { OverflowField } from './overflow-field.tsx';
import { PreferenceRulesField } from './preference-rules-field.tsx';

/** The tabs of the queue form (§4.6.4.1), each a group of the manual's parameter table. */

function Seconds(props: {
  name: string;
  label: string;
  min?: number;
  max: number;
  step?: number;
  testId: string;
  extra?: string;
}) {
  const { t } = useI18n();
  return (
    <Form.Item name={props.name} label={props.label} extra={props.extra}>
      <InputNumber
        min={props.min ?? 0}
        max={props.max}
        step={props.step ?? 1}
        suffix={t('cti.seconds')}
        style={{ width: '100%' }}
        data-testid={props.testId}
      />
    </Form.Item>
  );
}

export function QueueBasicSection() {
  const { t } = useI18n();
  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Form.Item name="name" label={t('queue.name')} rules={[...required(t('queue.name')), { max: 64 }]}>
          <Input maxLength={64} data-testid="queue-name" />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="number" label={t('queue.number')} rules={required(t('queue.number'))}>
          <Input maxLength={16} data-testid="queue-number" />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="announcePosition" label={t('queue.announcePosition')} valuePropName="checked">
          <Switch data-testid="queue-announce-position" />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Seconds name="positionIntervalSec" label={t('queue.positionInterval')} max={3600} testId="queue-position-interval" />
      </Col>
      <Col span={12}>
        <Form.Item name="announceAgentNumber" label={t('queue.announceAgentNumber')} valuePropName="checked">
          <Switch data-testid="queue-announce-agent" />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="reservedIdleAgents" label={t('queue.reservedIdleAgents')}>
          <InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} data-testid="queue-reserved" />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Seconds name="ringTimeSec" label={t('queue.ringTime')} min={1} max={600} testId="queue-ring-time" />
      </Col>
      <Col span={12}>
        <Form.Item name="priority" label={t('queue.priority')}>
          <InputNumber min={-1000} max={1000} precision={0} style={{ width: '100%' }} data-testid="queue-priority" />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="musicOnHold" label={t('queue.musicOnHold')} rules={[{ max: 200 }]}>
          <MusicOnHoldField />
        </Form.Item>
      </Col>
    </Row>
  );
}

export function QueueOverflowSection(props: { queues: readonly Queue[]; selfId: string | null }) {
  const { t } = useI18n();
  const rows = [
    {
      wait: 'maxWaitSec',
      waitLabel: t('queue.maxWait'),
      action: 'onMaxWait',
      actionLabel: t('queue.onMaxWait'),
      test: 'max-wait',
    },
    {
      wait: 'noAgentMaxWaitSec',
      waitLabel: t('queue.noAgentMaxWait'),
      action: 'onNoAgent',
      actionLabel: t('queue.onNoAgent'),
      test: 'no-agent',
    },
  ] as const;
  return (
    <Row gutter={16}>
      {rows.map((row) => (
        <Row gutter={16} key={row.action} style={{ width: '100%', margin: 0 }}>
          <Col span={10}>
            <Seconds
              name={row.wait}
              label={row.waitLabel}
              max={86_400}
              testId={`queue-${row.test}`}
              extra={t('queue.zeroUnlimited')}
            />
          </Col>
          <Col span={14}>
            <Form.Item name={row.action} label={row.actionLabel}>
              <OverflowField queues={props.queues} selfId={props.selfId} testId={`queue-${row.test}-action`} />
            </Form.Item>
          </Col>
        </Row>
      ))}
      <Row gutter={16} style={{ width: '100%', margin: 0 }}>
        <Col span={10}>
          <Form.Item name="maxLength" label={t('queue.maxLength')} extra={t('queue.zeroUnlimited')}>
            <InputNumber min={0} max={100_000} precision={0} style={{ width: '100%' }} data-testid="queue-max-length" />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="onMaxLength" label={t('queue.onMaxLength')}>
            <OverflowField queues={props.queues} selfId={props.selfId} testId="queue-max-length-action" />
          </Form.Item>
        </Col>
      </Row>
    </Row>
  );
}

export function QueueVipSection() {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const enabled = Form.useWatch('vipEnabled', form) as boolean | undefined;
  const method = Form.useWatch('vipMethod', form) as 'cti' | 'crm' | undefined;
  return (
    <Row gutter={16}>
      <Col span={8}>
        <Form.Item name="vipEnabled" label={t('queue.vipEnabled')} valuePropName="checked">
          <Switch data-testid="queue-vip-enabled" />
        </Form.Item>
      </Col>
      <Col span={16}>
        <Form.Item name="vipMethod" label={t('queue.vipMethod')}>
          <Radio.Group disabled={!enabled} data-testid="queue-vip-method">
            <Radio value="cti">{t('queue.vipMethod.cti')}</Radio>
            <Radio value="crm" data-testid="queue-vip-crm">
              {t('queue.vipMethod.crm')}
            </Radio>
          </Radio.Group>
        </Form.Item>
      </Col>
      <Col span={16}>
        <Form.Item name="vipLookupUrl" label={t('queue.vipLookupUrl')} rules={[{ max: 500 }]}>
          <Input
            maxLength={500}
            disabled={!enabled || method !== 'crm'}
            placeholder="https://crm.example.com/vip?caller={caller}"
            data-testid="queue-vip-url"
          />
        </Form.Item>
      </Col>
      <Col span={8}>
        <Seconds name="httpTimeoutSec" label={t('queue.httpTimeout')} min={0.1} max={60} step={0.5} testId="queue-http-timeout" />
      </Col>
    </Row>
  );
}

export function QueueStrategySection() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="strategy" label={t('queue.strategy')}>
        <Radio.Group data-testid="queue-strategy">
          {distributionStrategies.map((s) => (
            <Radio key={s} value={s} data-testid={`queue-strategy-${s}`}>
              {t(`queue.strategy.${s}`)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="preferenceRules" label={t('queue.rules')}>
        <PreferenceRulesField />
      </Form.Item>
    </>
  );
}
