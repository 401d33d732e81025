import { App as AntApp, ConfigProvider } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { setApiLocale } from './api/http-client.ts';
import { AppRoutes } from './app-routes.tsx';
import { I18nProvider, useI18n } from './i18n/i18n-context.tsx';
import { BrandingProvider } from './session/branding-context.tsx';
import { SessionProvider } from './session/session-context.tsx';

/** Keeps antd's own texts, dayjs dates, `<html lang>` and the API's Accept-Language in the console's language. */
function LocalizedShell() {
  const { locale } = useI18n();
  // Set before children render, so their first requests and date pickers already use the new language.
  setApiLocale(locale);
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCNAntd : enUSAntd} theme={{ token: { colorPrimary: '#1677ff' } }}>
      <AntApp>
        <BrandingProvider>
          <SessionProvider>
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </SessionProvider>
        </BrandingProvider>
      </AntApp>
    </ConfigProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <LocalizedShell />
    </I18nProvider>
  </StrictMode>,
);
