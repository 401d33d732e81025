import { Card } from 'antd';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useSession } from '../../session/session-context.tsx';
import { useNotify } from '../../shared/use-notify.ts';
import { PasswordChangeForm } from './password-form.tsx';

/** 系统管理 → 密码修改 (§4.11.3): any signed-in user changes their own password. */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const { replaceMe } = useSession();
  const notify = useNotify();
  return (
    <Card title={t('password.title')} data-testid="change-password-page">
      <PasswordChangeForm
        onChanged={(me) => {
          replaceMe(me);
          notify.success(t('password.changed'));
        }}
      />
    </Card>
  );
}
