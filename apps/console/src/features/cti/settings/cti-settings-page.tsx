import type { CtiSettings } from '@rexian/contracts';
import { Alert, Button, Card, Form, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useCan } from '../../../layout/require-permission.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useNotify } from '../../../shared/use-notify.ts';
import { ctiSettingsApi } from './cti-settings-api.ts';
import { ChoiceField, NumberField, SwitchField, TextField } from './cti-settings-fields.tsx';
import {
  type CtiSettingsForm,
  changedFields,
  fromForm,
  recordingModes,
  ringTimeoutActions,
  toForm,
} from './cti-settings-values.ts';

// Two columns of fields on a wide screen, one on a narrow one.
const section = {
  style: { marginBottom: 16 },
  styles: { body: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))', columnGap: 32 } },
};

/**
 * CTI 管理 → 基本配置 (§4.6.11): the global recording switch, line limits, mixed office mode, forced rating,
 * the answered-within seconds of §4.10.11, and the agent-state rules the ACD applies. Everyone with the
 * page may read it; only `cti.settings.write` gets an editable form and the save button. Saving sends only
 * the fields that changed.
 */
export function CtiSettingsPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('cti.settings.write');
  const [form] = Form.useForm<CtiSettingsForm>();
  const loaded = useLoad(() => ctiSettingsApi.get(), []);
  const [current, setCurrent] = useState<CtiSettings | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (loaded.data) setCurrent(loaded.data);
  }, [loaded.data]);
  useEffect(() => {
    if (current) form.setFieldsValue(toForm(current));
  }, [current, form]);

  const save = async (values: CtiSettingsForm) => {
    const next = current ? fromForm({ ...toForm(current), ...values }) : null;
    if (!current || !next) return;
    const patch = changedFields(current, next);
    if (Object.keys(patch).length === 0) {
      notify.success(t('ctiSettings.unchanged'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setCurrent(await ctiSettingsApi.update(patch));
      notify.success(t('common.saved'));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const failure = error ?? (loaded.error !== undefined ? errorText(loaded.error, t) : null);
  return (
    <Card title={t('nav.ctiSettings')} data-testid="ctiSettings-page">
      {!canWrite && (
        <Typography.Paragraph type="secondary" data-testid="cti-settings-read-only">
          {t('ctiSettings.readOnly')}
        </Typography.Paragraph>
      )}
      {failure && (
        <Alert type="error" showIcon title={failure} style={{ marginBottom: 16, maxWidth: 720 }} data-testid="form-error" />
      )}
      <Spin spinning={loaded.loading && !current}>
        <Form<CtiSettingsForm>
          form={form}
          layout="vertical"
          onFinish={save}
          disabled={!canWrite || !current}
          style={{ maxWidth: 1000 }}
          data-testid="cti-settings-form"
        >
          <Card type="inner" title={t('ctiSettings.basic')} {...section} data-testid="cti-settings-basic">
            <ChoiceField name="recording" values={recordingModes} prefix="ctiSettings.recording" />
            <NumberField name="retentionMs" />
            <NumberField name="minBusyMs" />
            <NumberField name="idleReminderMs" />
            <NumberField name="predictiveMaxLines" />
            <NumberField name="inboundMaxLines" />
            <NumberField name="autoDialMaxPerSecond" />
            <SwitchField name="mixedOfficeMode" />
            <NumberField name="rejectIntervalMs" />
            <SwitchField name="forcedRating" />
            <TextField name="screenPopUrl" />
            <NumberField name="answeredWithinSeconds" />
          </Card>
          <Card type="inner" title={t('ctiSettings.agentRules')} {...section} data-testid="cti-settings-rules">
            <NumberField name="wrapUpMs" />
            <SwitchField name="autoIdleAfterWrapUp" />
            <NumberField name="maxWrapUpMs" />
            <ChoiceField name="ringTimeoutAction" values={ringTimeoutActions} prefix="ctiSettings.ringTimeout" />
            <NumberField name="reserveTimeoutMs" />
            <NumberField name="maxTalkMs" />
            <NumberField name="maxBusyMs" />
            <NumberField name="maxAwayMs" />
            <NumberField name="maxOutboundOnlyMs" />
          </Card>
          {canWrite && (
            <Button type="primary" htmlType="submit" loading={busy} data-testid="cti-settings-save">
              {t('common.save')}
            </Button>
          )}
        </Form>
      </Spin>
    </Card>
  );
}
