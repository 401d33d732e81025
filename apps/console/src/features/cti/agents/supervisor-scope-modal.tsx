import type { Agent } from '@rexian/contracts';
import { Alert, Form, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { agentsApi } from '../cti-api.ts';
import type { AgentOptions } from './agent-options.ts';

type FormValues = { managedGroupIds: string[]; managedQueueIds: string[] };

/** 班长权限 (§4.6.3.7): the agent groups and queues a supervisor manages (their `managed` data scope). */
export function SupervisorScopeModal(props: {
  agent: Agent | null;
  options: AgentOptions;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { agent, options, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!agent) return;
    setError(null);
    form.setFieldsValue({ managedGroupIds: agent.managedGroupIds, managedQueueIds: agent.managedQueueIds });
  }, [agent, form]);

  const submit = async () => {
    if (!agent) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await agentsApi.update(agent.id, { managedGroupIds: v.managedGroupIds ?? [], managedQueueIds: v.managedQueueIds ?? [] });
      onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={agent !== null}
      title={t('agent.scopeTitle', { name: agent ? `${agent.name} (${agent.number})` : '' })}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'scope-save' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={{ managedGroupIds: [], managedQueueIds: [] }}>
        <Form.Item name="managedGroupIds" label={t('agent.managedGroups')}>
          <Select
            mode="multiple"
            options={options.groups.map((g) => ({ value: g.id, label: g.name }))}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="scope-groups"
          />
        </Form.Item>
        <Form.Item name="managedQueueIds" label={t('agent.managedQueues')}>
          <Select
            mode="multiple"
            options={options.queues.map((q) => ({ value: q.id, label: `${q.name} (${q.number})` }))}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="scope-queues"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
