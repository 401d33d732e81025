import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { type IvrConfigDto, type IvrProjectDto, ivrProjectsApi } from '../ivr-api.ts';
import { issuesOfError } from './issues-of-error.ts';

type Issue = IvrProjectDto['issues'][number];

/**
 * 构建 VXML (§4.6.7 step 9): the first build registers the IVR configuration, so it asks for an IVR
 * number; later builds refresh that configuration. A refused build hands its issues to the tree.
 */
export function BuildModal(props: {
  project: IvrProjectDto | null;
  onClose: () => void;
  onBuilt: (project: IvrProjectDto, config: IvrConfigDto | null) => void;
  onIssues: (issues: Issue[]) => void;
}) {
  const { project, onClose, onBuilt, onIssues } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<{ number?: string; name?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (project === null) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ name: project.name });
  }, [project, form]);

  const submit = async () => {
    if (!project) return;
    const v = form.getFieldsValue();
    setBusy(true);
    setError(null);
    try {
      const number = v.number?.trim();
      const name = v.name?.trim();
      const r = await ivrProjectsApi.build(project.id, { ...(number ? { number } : {}), ...(name ? { name } : {}) });
      onBuilt(r.project, r.config);
    } catch (e) {
      setError(errorText(e, t));
      const issues = issuesOfError(e);
      if (issues) onIssues(issues);
    } finally {
      setBusy(false);
    }
  };

  const registered = project?.configId != null;
  return (
    <Modal
      open={project !== null}
      title={t('ivrDesigner.buildTitle')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('ivrDesigner.build')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'build-confirm' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="build-error" />}
      <Alert
        type="info"
        showIcon
        title={t(registered ? 'ivrDesigner.buildRefresh' : 'ivrDesigner.buildFirst')}
        style={{ marginBottom: 16 }}
      />
      <Form form={form} layout="vertical">
        <Form.Item
          name="number"
          label={t('ivrConfig.number')}
          extra={registered ? t('ivrDesigner.numberKeep') : t('ivrDesigner.numberHint')}
        >
          <Input maxLength={16} data-testid="build-number" />
        </Form.Item>
        <Form.Item name="name" label={t('ivrConfig.name')}>
          <Input maxLength={64} data-testid="build-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
