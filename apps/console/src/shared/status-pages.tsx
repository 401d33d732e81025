import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Shown for a page the user's role does not open (the server would answer 403 as well). */
export function ForbiddenPage({ message }: { message?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      data-testid="forbidden"
      status="403"
      title={t('error.forbiddenTitle')}
      subTitle={message ?? t('error.forbidden')}
      extra={<Button onClick={() => navigate('/')}>{t('error.backHome')}</Button>}
    />
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      data-testid="not-found"
      status="404"
      title="404"
      subTitle={t('error.notFound')}
      extra={<Button onClick={() => navigate('/')}>{t('error.backHome')}</Button>}
    />
  );
}
