import type { Queue } from '@rexian/contracts';
import { Alert, Form, Modal, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useCan } from '../../../layout/require-permission.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { queuesApi } from '../cti-api.ts';
import { newQueueValues, type QueueFormValues, queueFromForm, queueToForm } from '../queue-form-values.ts';
import { QueueBasicSection, QueueOverflowSection, QueueStrategySection, QueueVipSection } from './queue-form-sections.tsx';
import { QueueMembersField } from './queue-members-field.tsx';

type TabKey = 'basic' | 'overflow' | 'vip' | 'strategy' | 'members';
const tabOfField: Partial<Record<string, TabKey>> = {
  name: 'basic',
  number: 'basic',
  musicOnHold: 'basic',
  vipLookupUrl: 'vip',
};

/**
 * 添加队列 / 编辑队列 (§4.6.4.1): the whole parameter table on tabs (every tab rendered, so each field is
 * validated and sent whichever tab is open). Durations are edited in seconds, sent in milliseconds.
 */
export function QueueFormModal(props: {
  editing: Queue | 'new' | null;
  queues: readonly Queue[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { editing, queues, onClose, onSaved } = props;
  const { t } = useI18n();
  const canReadAgents = useCan()('cti.agent.read');
  const [form] = Form.useForm<QueueFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState('basic');
  const current = editing !== null && editing !== 'new' ? editing : null;

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    setTab('basic');
    form.resetFields();
    form.setFieldsValue(editing === 'new' ? newQueueValues : queueToForm(editing));
  }, [editing, form]);

  const submit = async () => {
    let values: QueueFormValues;
    try {
      values = await form.validateFields();
    } catch (invalid) {
      // Show the tab of the first field that failed, which may not be the open one.
      const first = (invalid as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0]?.name[0];
      const home = typeof first === 'string' ? tabOfField[first] : undefined;
      if (home) setTab(home);
      throw invalid;
    }
    const input = queueFromForm({ ...form.getFieldsValue(true), ...values });
    setBusy(true);
    setError(null);
    try {
      if (current) await queuesApi.update(current.id, input);
      else await queuesApi.create(input);
      onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const items = [
    { key: 'basic', label: t('queue.section.basic'), children: <QueueBasicSection /> },
    {
      key: 'overflow',
      label: t('queue.section.overflow'),
      children: <QueueOverflowSection queues={queues} selfId={current?.id ?? null} />,
    },
    { key: 'vip', label: t('queue.section.vip'), children: <QueueVipSection /> },
    { key: 'strategy', label: t('queue.section.strategy'), children: <QueueStrategySection /> },
    {
      key: 'members',
      label: t('queue.section.members'),
      children: (
        <Form.Item name="members" noStyle>
          <QueueMembersField enabled={canReadAgents} />
        </Form.Item>
      ),
    },
  ].map((item) => ({ ...item, forceRender: true, label: <span data-testid={`queue-tab-${item.key}`}>{item.label}</span> }));

  return (
    <Modal
      open={editing !== null}
      title={current ? t('queue.editTitle') : t('queue.addTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'queue-save' }}
      forceRender
      width={860}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={newQueueValues}>
        <Tabs activeKey={tab} onChange={setTab} items={items} />
      </Form>
    </Modal>
  );
}
