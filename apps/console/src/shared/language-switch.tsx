import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { locales } from '../api/contract-values.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** zh-CN / en-US switch; the choice is stored in localStorage `rexian.locale`. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Select
      data-testid="language-switch"
      aria-label={t('lang.switch')}
      value={locale}
      onChange={setLocale}
      suffixIcon={<GlobalOutlined />}
      style={{ width: 120 }}
      options={locales.map((l) => ({ value: l, label: <span data-testid={`language-option-${l}`}>{t(`lang.${l}`)}</span> }))}
    />
  );
}
