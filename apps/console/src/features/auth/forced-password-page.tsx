import { Button, Card, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useSession } from '../../session/session-context.tsx';
import { BrandMark } from '../../shared/brand-mark.tsx';
import { LanguageSwitch } from '../../shared/language-switch.tsx';
import { centeredPageStyle } from './auth-layout.ts';
import { PasswordChangeForm } from './password-form.tsx';

/** While `me.mustChangePassword` is set this is the whole console: no menu, no other route. */
export function ForcedPasswordPage() {
  const { t } = useI18n();
  const { replaceMe, logout } = useSession();
  return (
    <div style={centeredPageStyle}>
      <div style={{ position: 'absolute', top: 16, right: 24, display: 'flex', gap: 8 }}>
        <LanguageSwitch />
        <Button onClick={() => void logout()} data-testid="sign-out">
          {t('header.signOut')}
        </Button>
      </div>
      <Card style={{ width: 460 }} data-testid="forced-password-page">
        <div style={{ marginBottom: 12 }}>
          <BrandMark size={32} />
        </div>
        <Typography.Title level={4}>{t('password.forcedTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('password.forcedHint')}</Typography.Paragraph>
        <PasswordChangeForm onChanged={replaceMe} />
      </Card>
    </div>
  );
}
