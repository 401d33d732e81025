import type { AgentParty } from '@rexian/contracts';
import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { type PartyKind, partyOf, validParty } from './workspace-values.ts';

type Props = {
  open: boolean;
  title: string;
  okText: string;
  /** The kinds of party offered, the first one preselected. */
  kinds: readonly PartyKind[];
  /** For 外呼: the access numbers an outside number may show as caller ID (undefined: no picker). */
  /** Outbound access numbers (caller IDs) to choose from. */
  accessNumbers?: readonly string[] | undefined;
  onClose: () => void;
  onSubmit: (to: AgentParty, accessNumber: string | undefined) => Promise<void>;
};

/**
 * The party picker (mounted per action, so each opening starts empty) of 咨询 (agent / extension), 三方 (agent / extension / outside number) and 外呼 (the same, with
 * the access number shown as caller ID for an outside number).
 */
export function PartyDialog({ open, title, okText, kinds, accessNumbers, onClose, onSubmit }: Props) {
  const { t } = useI18n();
  const [kind, setKind] = useState<PartyKind>(kinds[0] ?? 'agent');
  const [value, setValue] = useState('');
  const [access, setAccess] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const v = value.trim();
  const valid = validParty(kind, v);
  const submit = () => {
    if (!valid || busy) return;
    setBusy(true);
    void onSubmit(partyOf(kind, v), kind === 'number' ? access : undefined).finally(() => setBusy(false));
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ disabled: !valid, loading: busy, 'data-testid': 'ws-party-ok' }}
      okText={okText}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label={t('ws.partyKind')}>
          <Select
            value={kind}
            onChange={setKind}
            options={kinds.map((k) => ({ value: k, label: t(`ws.target.${k}`) }))}
            data-testid="ws-party-kind"
          />
        </Form.Item>
        <Form.Item label={t(`ws.target.${kind}`)}>
          <Input
            value={value}
            onChange={(e) => setValue(e.target.value)}
            onPressEnter={submit}
            autoFocus
            inputMode={kind === 'number' ? 'tel' : 'numeric'}
            data-testid="ws-party-number"
          />
        </Form.Item>
        {accessNumbers !== undefined && kind === 'number' && (
          <Form.Item label={t('ws.accessNumber')}>
            <Select
              allowClear
              value={access}
              onChange={setAccess}
              placeholder={t('ws.accessDefault')}
              options={accessNumbers.map((n) => ({ value: n, label: n }))}
              data-testid="ws-party-access"
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
