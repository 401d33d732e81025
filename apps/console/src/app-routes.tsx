import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { ForcedPasswordPage } from './features/auth/forced-password-page.tsx';
import { LoginPage } from './features/auth/login-page.tsx';
import { useI18n } from './i18n/i18n-context.tsx';
import { MainLayout } from './layout/main-layout.tsx';
import { homePath, type NavPageKey, pageByKey } from './layout/navigation.ts';
import { RequirePermission } from './layout/require-permission.tsx';
import { useSession } from './session/session-context.tsx';
import { NotFoundPage } from './shared/status-pages.tsx';

// Pages load on demand so the login page does not wait for every table and form.
const pages: Record<NavPageKey, ReturnType<typeof lazy>> = {
  directory: lazy(() => import('./features/directory/directory-page.tsx').then((m) => ({ default: m.DirectoryPage }))),
  employees: lazy(() => import('./features/employees/employees-page.tsx').then((m) => ({ default: m.EmployeesPage }))),
  workspace: lazy(() => import('./features/workspace/workspace-page.tsx').then((m) => ({ default: m.WorkspacePage }))),
  agentGroups: lazy(() =>
    import('./features/cti/agent-groups/agent-groups-page.tsx').then((m) => ({ default: m.AgentGroupsPage })),
  ),
  agents: lazy(() => import('./features/cti/agents/agents-page.tsx').then((m) => ({ default: m.AgentsPage }))),
  queues: lazy(() => import('./features/cti/queues/queues-page.tsx').then((m) => ({ default: m.QueuesPage }))),
  vipNumbers: lazy(() => import('./features/cti/vip-numbers/vip-numbers-page.tsx').then((m) => ({ default: m.VipNumbersPage }))),
  busyReasons: lazy(() =>
    import('./features/cti/busy-reasons/busy-reasons-page.tsx').then((m) => ({ default: m.BusyReasonsPage })),
  ),
  ctiSettings: lazy(() => import('./features/cti/settings/cti-settings-page.tsx').then((m) => ({ default: m.CtiSettingsPage }))),
  supervisor: lazy(() => import('./features/supervisor/supervisor-page.tsx').then((m) => ({ default: m.SupervisorPage }))),
  voiceFiles: lazy(() => import('./features/ivr/voice-files/voice-files-page.tsx').then((m) => ({ default: m.VoiceFilesPage }))),
  ivrProjects: lazy(() => import('./features/ivr/projects/ivr-projects-page.tsx').then((m) => ({ default: m.IvrProjectsPage }))),
  ivrConfigs: lazy(() => import('./features/ivr/configs/ivr-configs-page.tsx').then((m) => ({ default: m.IvrConfigsPage }))),
  extensions: lazy(() => import('./features/extensions/extensions-page.tsx').then((m) => ({ default: m.ExtensionsPage }))),
  sipBans: lazy(() => import('./features/sip-bans/sip-bans-page.tsx').then((m) => ({ default: m.SipBansPage }))),
  accessNumbers: lazy(() =>
    import('./features/dialplan/access-numbers-page.tsx').then((m) => ({ default: m.AccessNumbersPage })),
  ),
  schedules: lazy(() => import('./features/dialplan/schedules-page.tsx').then((m) => ({ default: m.SchedulesPage }))),
  trunks: lazy(() => import('./features/dialplan/trunks-page.tsx').then((m) => ({ default: m.TrunksPage }))),
  outboundRoutes: lazy(() =>
    import('./features/dialplan/outbound-routes-page.tsx').then((m) => ({ default: m.OutboundRoutesPage })),
  ),
  cdrs: lazy(() => import('./features/records/cdrs-page.tsx').then((m) => ({ default: m.CdrsPage }))),
  liveCalls: lazy(() => import('./features/records/live-calls-page.tsx').then((m) => ({ default: m.LiveCallsPage }))),
  voicemails: lazy(() => import('./features/records/voicemails-page.tsx').then((m) => ({ default: m.VoicemailsPage }))),
  departments: lazy(() => import('./features/departments/departments-page.tsx').then((m) => ({ default: m.DepartmentsPage }))),
  users: lazy(() => import('./features/users/users-page.tsx').then((m) => ({ default: m.UsersPage }))),
  roles: lazy(() => import('./features/roles/roles-page.tsx').then((m) => ({ default: m.RolesPage }))),
  audit: lazy(() => import('./features/audit/audit-page.tsx').then((m) => ({ default: m.AuditPage }))),
  settings: lazy(() => import('./features/settings/branding-page.tsx').then((m) => ({ default: m.BrandingPage }))),
  apiKeys: lazy(() => import('./features/api-keys/api-keys-page.tsx').then((m) => ({ default: m.ApiKeysPage }))),
  password: lazy(() => import('./features/auth/change-password-page.tsx').then((m) => ({ default: m.ChangePasswordPage }))),
};

function Loading({ full }: { full?: boolean }) {
  const { t } = useI18n();
  return (
    <div
      style={{
        display: 'flex',
        justifyContent: 'center',
        padding: 48,
        minHeight: full ? '100vh' : undefined,
        alignItems: 'center',
      }}
    >
      <Spin description={t('app.loading')} />
    </div>
  );
}

function guarded(key: NavPageKey): ReactNode {
  const page = pageByKey(key);
  const Page = pages[key];
  return (
    <RequirePermission permission={page.permission}>
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    </RequirePermission>
  );
}

/**
 * Three consoles in one: the login page for visitors, only the password change while the server demands
 * it (`mustChangePassword`), and the main layout otherwise. The URL is kept, so after signing in the user
 * lands on the page they asked for.
 */
export function AppRoutes() {
  const { state } = useSession();
  if (state.status === 'loading') return <Loading full />;
  if (state.status === 'anonymous') return <LoginPage />;
  if (state.me.mustChangePassword) return <ForcedPasswordPage />;
  const keys = Object.keys(pages) as NavPageKey[];
  return (
    <Routes>
      <Route element={<MainLayout />}>
        <Route index element={<Navigate to={homePath(state.me)} replace />} />
        {keys.map((key) => (
          <Route key={key} path={pageByKey(key).path} element={guarded(key)} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
