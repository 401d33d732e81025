import { Alert, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { type IvrProjectDto, ivrProjectsApi } from '../ivr-api.ts';
import { type IvrNodeKind, newNode, nodeKinds } from './ivr-tree.ts';

type FormValues = { name: string; timeoutQueue: string; rootKind: IvrNodeKind };

/** 新建项目 (§4.6.7.1 steps 2–6): name, 超时转队列 and the Initial Step's action. */
export function ProjectCreateModal(props: { open: boolean; onClose: () => void; onCreated: (project: IvrProjectDto) => void }) {
  const { open, onClose, onCreated } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
      const root = newNode(v.rootKind, 'root', t('ivrDesigner.initialStep'));
      onCreated(await ivrProjectsApi.create({ name: v.name.trim(), timeoutQueue: (v.timeoutQueue ?? '').trim(), root }));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('ivrProject.addTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'project-save' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={{ rootKind: 'menu', timeoutQueue: '' }}>
        <Form.Item
          name="name"
          label={t('ivrProject.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('ivrProject.name') }) }]}
        >
          <Input maxLength={64} data-testid="project-name" />
        </Form.Item>
        <Form.Item name="timeoutQueue" label={t('ivrProject.timeoutQueue')} extra={t('ivrProject.timeoutQueueHint')}>
          <Input maxLength={64} data-testid="project-timeout-queue" />
        </Form.Item>
        <Form.Item name="rootKind" label={t('ivrProject.rootKind')}>
          <Select options={nodeKinds.map((k) => ({ value: k, label: t(`ivrNode.kind.${k}`) }))} data-testid="project-root-kind" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
