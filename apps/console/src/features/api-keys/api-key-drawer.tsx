import type { ApiKeyCreated } from '@rexian/contracts';
import { Alert, Button, Drawer, Form, Input, Radio, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { RemotePicker } from '../cti/agents/remote-picker.tsx';
import { DateField } from '../dialplan/date-field.tsx';
import { type ApiKeyFormValues, firstBadIp, maxAllowedIps, toCreateBody } from './api-key-values.ts';
import { apiKeysApi, searchAgents } from './api-keys-api.ts';

const defaults: Partial<ApiKeyFormValues> = { scope: 'agent', agentId: null, allowedIps: [], expiresOn: null };

/**
 * 创建 API 密钥: name, scope (one agent or any agent), the agent for an agent-scoped key, the source
 * addresses it may come from and an expiry day. The form checks addresses as the server does; the created
 * key goes to `onCreated`, the only moment it exists outside the server.
 */
export function ApiKeyDrawer(props: { open: boolean; onClose: () => void; onCreated: (created: ApiKeyCreated) => void }) {
  const { open, onClose, onCreated } = props;
  const { t } = useI18n();
  const canReadAgents = useCan()('cti.agent.read');
  const [form] = Form.useForm<ApiKeyFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const scope = Form.useWatch('scope', form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      onCreated(await apiKeysApi.create(toCreateBody(v)));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={560}
      title={t('apiKey.createTitle')}
      forceRender
      data-testid="api-key-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit().catch(() => undefined)} data-testid="api-key-save">
            {t('apiKey.createSubmit')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={defaults}>
        <Form.Item
          name="name"
          label={t('apiKey.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('apiKey.name') }) }, { max: 64 }]}
        >
          <Input maxLength={64} autoComplete="off" data-testid="api-key-name" />
        </Form.Item>
        <Form.Item name="scope" label={t('apiKey.scope')} extra={t('apiKey.scopeHint')}>
          <Radio.Group
            options={[
              { value: 'agent', label: t('apiKey.scope.agent') },
              { value: 'any-agent', label: t('apiKey.scope.any-agent') },
            ]}
            data-testid="api-key-scope"
          />
        </Form.Item>
        {scope === 'agent' && (
          <Form.Item
            name="agentId"
            label={t('apiKey.agent')}
            rules={[{ required: true, message: t('common.required', { field: t('apiKey.agent') }) }]}
          >
            <RemotePicker current={null} search={searchAgents} enabled={canReadAgents} testId="api-key-agent" />
          </Form.Item>
        )}
        <Form.Item
          name="allowedIps"
          label={t('apiKey.allowedIps')}
          extra={t('apiKey.allowedIpsHint')}
          rules={[
            {
              validator: async (_: unknown, value: string[] | undefined) => {
                const list = value ?? [];
                const bad = firstBadIp(list);
                if (bad !== null) throw new Error(t('apiKey.badIp', { value: bad }));
                if (list.length > maxAllowedIps) throw new Error(t('apiKey.tooManyIps', { max: maxAllowedIps }));
              },
            },
          ]}
        >
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ']} data-testid="api-key-ips" />
        </Form.Item>
        <Form.Item
          name="expiresOn"
          label={t('apiKey.expiresAt')}
          extra={t('apiKey.expiresHint')}
          rules={[
            {
              validator: async (_: unknown, value: string | null | undefined) => {
                if (value && value < dayjs().format('YYYY-MM-DD')) throw new Error(t('apiKey.pastExpiry'));
              },
            },
          ]}
        >
          <DateField testId="api-key-expires" />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('apiKey.keyUsage')}</Typography.Paragraph>
      </Form>
    </Drawer>
  );
}
