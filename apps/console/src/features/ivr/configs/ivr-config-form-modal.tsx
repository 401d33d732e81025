import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { type IvrConfigDto, type IvrConfigUpdateInput, type IvrProjectSummary, ivrConfigsApi } from '../ivr-api.ts';

type FormValues = { number: string; name: string; kind: 'uploaded' | 'built'; projectId?: string; notes: string };
type Upload = { fileName: string; vxml: string };

/**
 * 添加 / 编辑 IVR 配置 (§4.6.8): ivr 号码, ivr 名称, the VXML (an uploaded file or a built project), 备注.
 * On edit the VXML source is sent only when the operator picked a new file or another project.
 */
export function IvrConfigFormModal(props: {
  editing: IvrConfigDto | 'new' | null;
  projects: readonly IvrProjectSummary[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { editing, projects, onClose, onSaved } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [upload, setUpload] = useState<Upload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const kind = Form.useWatch('kind', form);
  const isNew = editing === 'new';

  useEffect(() => {
    if (editing === null) return;
    setError(null);
    setUpload(null);
    form.resetFields();
    if (editing !== 'new') {
      form.setFieldsValue({
        number: editing.number,
        name: editing.name,
        notes: editing.notes,
        kind: editing.source,
        ...(editing.projectId ? { projectId: editing.projectId } : {}),
      });
    }
  }, [editing, form]);

  const source = (v: FormValues): IvrConfigUpdateInput['source'] | 'missing' | undefined => {
    if (v.kind === 'uploaded') {
      if (upload) return { kind: 'uploaded', fileName: upload.fileName, vxml: upload.vxml };
      return editing === null || editing === 'new' || editing.source !== 'uploaded' ? 'missing' : undefined;
    }
    if (!v.projectId) return 'missing';
    const unchanged = editing !== null && editing !== 'new' && editing.source === 'built' && editing.projectId === v.projectId;
    return unchanged ? undefined : { kind: 'built', projectId: v.projectId };
  };

  const submit = async () => {
    const v = await form.validateFields();
    const picked = source(v);
    if (picked === 'missing') {
      setError(t(v.kind === 'uploaded' ? 'ivrConfig.chooseVxml' : 'ivrConfig.chooseProject'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const fields = { number: v.number.trim(), name: v.name.trim(), notes: v.notes ?? '' };
      if (editing !== null && editing !== 'new')
        await ivrConfigsApi.update(editing.id, { ...fields, ...(picked ? { source: picked } : {}) });
      else if (picked) await ivrConfigsApi.create({ ...fields, source: picked });
      onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setUpload({ fileName: file.name, vxml: await file.text() });
  };

  const built = projects.filter((p) => p.builtAt !== null);
  return (
    <Modal
      open={editing !== null}
      title={isNew ? t('ivrConfig.addTitle') : t('ivrConfig.editTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'ivr-config-save' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={{ kind: 'uploaded', notes: '' }}>
        <Form.Item
          name="number"
          label={t('ivrConfig.number')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('ivrConfig.number') }) }]}
        >
          <Input maxLength={16} data-testid="ivr-config-number" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('ivrConfig.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('ivrConfig.name') }) }]}
        >
          <Input maxLength={64} data-testid="ivr-config-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('ivrConfig.vxml')}>
          <Radio.Group data-testid="ivr-config-kind">
            <Radio value="uploaded" data-testid="ivr-config-kind-uploaded">
              {t('ivrConfig.source.uploaded')}
            </Radio>
            <Radio value="built" data-testid="ivr-config-kind-built">
              {t('ivrConfig.source.built')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {kind === 'built' ? (
          <Form.Item name="projectId" label={t('ivrConfig.project')} extra={t('ivrConfig.projectHint')}>
            <Select
              options={built.map((p) => ({ value: p.id, label: p.name }))}
              notFoundContent={t('ivrConfig.noBuiltProject')}
              data-testid="ivr-config-project"
            />
          </Form.Item>
        ) : (
          <Form.Item
            label={t('ivrConfig.vxmlFile')}
            extra={
              !upload && editing !== null && editing !== 'new' && editing.source === 'uploaded'
                ? t('ivrConfig.keepFile', { file: editing.fileName })
                : null
            }
          >
            <Space>
              <input
                ref={input}
                type="file"
                accept=".vxml,.xml,application/voicexml+xml,text/xml"
                style={{ display: 'none' }}
                onChange={(e) => {
                  void choose(e.target.files?.[0]);
                  e.target.value = '';
                }}
                data-testid="ivr-config-file-input"
              />
              <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} data-testid="ivr-config-choose">
                {t('ivrConfig.chooseFile')}
              </Button>
              <Typography.Text data-testid="ivr-config-chosen">{upload?.fileName ?? ''}</Typography.Text>
            </Space>
          </Form.Item>
        )}
        <Form.Item name="notes" label={t('ivrConfig.notes')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="ivr-config-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
