import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { brandingApi } from '../../api/resources.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useBranding } from '../../session/branding-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { checkLogoFile, isAcceptedDataUrl } from './logo-file.ts';

type FormValues = { systemName: string };

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** 系统管理 → 系统基本配置 (§4.10.11 (1)): the company logo and the system name. */
export function BrandingPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const { branding, replace } = useBranding();
  const [form] = Form.useForm<FormValues>();
  const [logo, setLogo] = useState<string | null>(branding.logoDataUrl);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    form.setFieldsValue({ systemName: branding.systemName });
    setLogo(branding.logoDataUrl);
  }, [branding, form]);

  const pick = async (file: File) => {
    const check = checkLogoFile(file);
    if (check !== 'ok') {
      setError(t(check === 'too-large' ? 'settings.logoTooLarge' : 'settings.logoWrongType'));
      return;
    }
    const dataUrl = await readAsDataUrl(file);
    if (!isAcceptedDataUrl(dataUrl)) {
      setError(t('settings.logoWrongType'));
      return;
    }
    setError(null);
    setLogo(dataUrl);
  };

  const save = async (values: FormValues) => {
    setBusy(true);
    setError(null);
    try {
      replace(await brandingApi.update(values.systemName.trim(), logo));
      notify.success(t('common.saved'));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('settings.title')} data-testid="settings-page">
      <Typography.Paragraph type="secondary">{t('settings.hint')}</Typography.Paragraph>
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16, maxWidth: 480 }} data-testid="form-error" />
      )}
      <Form<FormValues> form={form} layout="vertical" onFinish={save} style={{ maxWidth: 480 }}>
        <Form.Item
          name="systemName"
          label={t('settings.systemName')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('settings.systemName') }) },
            { max: 60 },
          ]}
        >
          <Input maxLength={60} data-testid="settings-system-name" />
        </Form.Item>
        <Form.Item label={t('settings.logo')} extra={t('settings.logoHint')}>
          <Space orientation="vertical">
            {logo && (
              <img
                src={logo}
                alt=""
                data-testid="settings-logo-preview"
                style={{ maxHeight: 64, maxWidth: 240, border: '1px solid #f0f0f0', padding: 4 }}
              />
            )}
            <Space>
              <Upload
                accept="image/png,image/jpeg,image/svg+xml"
                showUploadList={false}
                beforeUpload={(file) => {
                  void pick(file);
                  return false; // read locally; nothing is uploaded until Save
                }}
              >
                <Button icon={<UploadOutlined />} data-testid="settings-logo-upload">
                  {t('settings.upload')}
                </Button>
              </Upload>
              {logo && (
                <Button icon={<DeleteOutlined />} onClick={() => setLogo(null)} data-testid="settings-logo-remove">
                  {t('settings.removeLogo')}
                </Button>
              )}
            </Space>
          </Space>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="settings-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
