import {
  type AgentCall,
  type ServiceRecord,
  type ServiceRecordCreate,
  serviceChannels,
  serviceStatuses,
  serviceTypes,
} from '@rexian/contracts';
import { Button, Card, Checkbox, Form, Input, Select, Table, type TableColumnsType, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../shared/format-date.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { serviceRecordsApi } from './workspace-api.ts';

type Values = Omit<ServiceRecordCreate, 'callId'> & { attach: boolean };

/**
 * 服务记录 (§4.4.8) saved from the workspace: against the current or last call (the server takes the
 * customer's number from the call), or by hand with a number.
 */
export function ServiceRecordForm({ call, onSaved }: { call: AgentCall | undefined; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const attach = Form.useWatch('attach', form) ?? call !== undefined;

  useEffect(() => {
    form.setFieldValue('attach', call !== undefined);
  }, [call, form]);

  const save = async (values: Values) => {
    const { attach: withCall, ...rest } = values;
    const body: ServiceRecordCreate =
      withCall && call ? { ...rest, customerNumber: undefined, callId: call.callId } : { ...rest };
    setSaving(true);
    try {
      await serviceRecordsApi.create(body);
      notify.success(t('sr.saved'));
      form.resetFields(['subject', 'content', 'customerName', 'customerNumber']);
      onSaved();
    } catch (e) {
      notify.failure(e);
    } finally {
      setSaving(false);
    }
  };
  const options = <T extends string>(values: readonly T[], prefix: 'sr.type' | 'sr.channel' | 'sr.status') =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as 'sr.type.other') }));

  return (
    <Card size="small" title={t('sr.title')} data-testid="service-record-form">
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{ serviceType: 'consultation', channel: 'hotline', status: 'in-progress', attach: call !== undefined }}
      >
        <Form.Item name="attach" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox disabled={call === undefined} data-testid="sr-attach">
            {call
              ? t('sr.attachCall', {
                  caller: call.direction === 'inbound' ? call.caller : call.callee,
                  time: formatDateTime(call.since, locale),
                })
              : t('sr.noCall')}
          </Checkbox>
        </Form.Item>
        {!(attach && call) && (
          <Form.Item
            name="customerNumber"
            label={t('sr.customerNumber')}
            rules={[{ required: true, pattern: /^\+?[0-9*#]{1,32}$/, message: t('sr.customerNumber') }]}
          >
            <Input data-testid="sr-customer-number" />
          </Form.Item>
        )}
        <Form.Item name="customerName" label={t('sr.customerName')}>
          <Input maxLength={100} data-testid="sr-customer-name" />
        </Form.Item>
        <Form.Item name="serviceType" label={t('sr.serviceType')} rules={[{ required: true }]}>
          <Select options={options(serviceTypes, 'sr.type')} data-testid="sr-type" />
        </Form.Item>
        <Form.Item name="channel" label={t('sr.channel')}>
          <Select options={options(serviceChannels, 'sr.channel')} data-testid="sr-channel" />
        </Form.Item>
        <Form.Item name="status" label={t('sr.status')}>
          <Select options={options(serviceStatuses, 'sr.status')} data-testid="sr-status" />
        </Form.Item>
        <Form.Item name="subject" label={t('sr.subject')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input data-testid="sr-subject" />
        </Form.Item>
        <Form.Item name="content" label={t('sr.content')}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="sr-content" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="sr-save">
          {t('sr.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** 我的服务记录: the newest ten. */
export function MyServiceRecords({ version }: { version: number }) {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const [items, setItems] = useState<ServiceRecord[] | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    void version;
    serviceRecordsApi
      .list({ page: 1, pageSize: 10, mine: 'true' })
      .then((p) => alive && setItems(p.items))
      .catch((e: unknown) => alive && notify.failure(e));
    return () => {
      alive = false;
    };
  }, [version, notify]);
  const columns: TableColumnsType<ServiceRecord> = [
    { title: t('sr.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatDateTime(v, locale) },
    { title: t('sr.customerNumber'), dataIndex: 'customerNumber' },
    { title: t('sr.customerName'), dataIndex: 'customerName' },
    { title: t('sr.serviceType'), dataIndex: 'serviceType', render: (v: string) => t(`sr.type.${v}` as 'sr.type.other') },
    { title: t('sr.channel'), dataIndex: 'channel', render: (v: string) => t(`sr.channel.${v}` as 'sr.channel.other') },
    { title: t('sr.status'), dataIndex: 'status', render: (v: string) => t(`sr.status.${v}` as 'sr.status.other') },
    { title: t('sr.subject'), dataIndex: 'subject' },
    {
      title: t('sr.call'),
      dataIndex: 'callId',
      render: (v: string | null) => (v ? <Typography.Text code>{v.slice(0, 8)}</Typography.Text> : '—'),
    },
  ];
  return (
    <Card size="small" title={t('sr.mine')}>
      <Table<ServiceRecord>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items ?? []}
        loading={items === undefined}
        locale={{ emptyText: t('sr.empty') }}
        pagination={false}
        data-testid="sr-mine"
      />
    </Card>
  );
}
