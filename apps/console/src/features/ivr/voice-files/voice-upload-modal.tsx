import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { voiceFilesApi } from '../ivr-api.ts';
import { base64OfDataUrl, defaultVoiceName, readAsDataUrl, voiceUploadProblem } from './upload-file.ts';

/** 添加语音文件 (§4.6.5.1): a name and a local WAV or MP3, sent once on Save. */
export function VoiceUploadModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setFile(null);
    setError(null);
  }, [open, form]);

  const choose = (chosen: File | undefined) => {
    if (!chosen) return;
    const problem = voiceUploadProblem(chosen);
    if (problem) {
      setError(t(problem === 'tooLarge' ? 'voice.tooLarge' : 'voice.wrongType'));
      return;
    }
    setError(null);
    setFile(chosen);
    if (!form.getFieldValue('name')) form.setFieldValue('name', defaultVoiceName(chosen.name));
  };

  const submit = async () => {
    const v = await form.validateFields();
    if (!file) {
      setError(t('voice.chooseFirst'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const contentBase64 = base64OfDataUrl(await readAsDataUrl(file)) ?? '';
      await voiceFilesApi.upload({ name: v.name.trim(), fileName: file.name, contentBase64 });
      onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('voice.addTitle')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'voice-save' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical">
        <Form.Item label={t('voice.file')} extra={t('voice.fileHint')} required>
          <Space>
            <input
              ref={input}
              type="file"
              accept=".wav,.mp3,audio/wav,audio/mpeg"
              style={{ display: 'none' }}
              onChange={(e) => {
                choose(e.target.files?.[0]);
                e.target.value = '';
              }}
              data-testid="voice-file-input"
            />
            <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} data-testid="voice-choose">
              {t('voice.choose')}
            </Button>
            <Typography.Text data-testid="voice-chosen">{file?.name ?? ''}</Typography.Text>
          </Space>
        </Form.Item>
        <Form.Item
          name="name"
          label={t('voice.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('voice.name') }) }]}
        >
          <Input maxLength={64} data-testid="voice-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
