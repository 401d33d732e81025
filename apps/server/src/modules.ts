import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from './app.ts';
import type { Actor } from './http/actor.ts';
import { agentGroupsRoutes } from './modules/agent-groups/agent-groups.routes.ts';
import { createAgentGroupsService } from './modules/agent-groups/agent-groups.service.ts';
import { createAgentsRepository } from './modules/agents/agents.repository.ts';
import { agentsRoutes } from './modules/agents/agents.routes.ts';
import { createAgentsService } from './modules/agents/agents.service.ts';
import { apiKeysRoutes } from './modules/api-keys/api-keys.routes.ts';
import { createApiKeysService } from './modules/api-keys/api-keys.service.ts';
import { createClickToCallService } from './modules/api-keys/click-to-call.service.ts';
import { createAuditRepository } from './modules/audit/audit.repository.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createLoginThrottle } from './modules/auth/login-throttle.ts';
import { createSessionsRepository } from './modules/auth/sessions.repository.ts';
import { busyReasonsRoutes } from './modules/busy-reasons/busy-reasons.routes.ts';
import { createBusyReasonsService } from './modules/busy-reasons/busy-reasons.service.ts';
import { createCdrsRepository } from './modules/cdrs/cdrs.repository.ts';
import { cdrsRoutes } from './modules/cdrs/cdrs.routes.ts';
import { createCdrsService } from './modules/cdrs/cdrs.service.ts';
import { mediaRootOf } from './modules/cdrs/media-file.ts';
import { createDepartmentsRepository } from './modules/departments/departments.repository.ts';
import { departmentsRoutes } from './modules/departments/departments.routes.ts';
import { createDepartmentsService } from './modules/departments/departments.service.ts';
import { dialplanPlugins } from './modules/dialplan/dialplan.module.ts';
import { directoryRoutes } from './modules/directory/directory.routes.ts';
import { createDirectoryService } from './modules/directory/directory.service.ts';
import { createEmployeesRepository } from './modules/employees/employees.repository.ts';
import { employeesRoutes } from './modules/employees/employees.routes.ts';
import { createEmployeesService } from './modules/employees/employees.service.ts';
import { createExtensionsRepository } from './modules/extensions/extensions.repository.ts';
import { extensionsRoutes } from './modules/extensions/extensions.routes.ts';
import { createExtensionsService } from './modules/extensions/extensions.service.ts';
import { createIvrConfigsRepository } from './modules/ivr-configs/ivr-configs.repository.ts';
import { ivrConfigsRoutes } from './modules/ivr-configs/ivr-configs.routes.ts';
import { createIvrConfigsService } from './modules/ivr-configs/ivr-configs.service.ts';
import { createIvrProjectsRepository } from './modules/ivr-projects/ivr-projects.repository.ts';
import { ivrProjectsRoutes } from './modules/ivr-projects/ivr-projects.routes.ts';
import { createIvrProjectsService } from './modules/ivr-projects/ivr-projects.service.ts';
import { liveCallsRoutes } from './modules/live-calls/live-calls.routes.ts';
import { createLiveCallsService } from './modules/live-calls/live-calls.service.ts';
import { createQueuesRepository } from './modules/queues/queues.repository.ts';
import { queuesRoutes } from './modules/queues/queues.routes.ts';
import { createQueuesService } from './modules/queues/queues.service.ts';
import { createQuickAddRepository } from './modules/quick-add/quick-add.repository.ts';
import { quickAddRoutes } from './modules/quick-add/quick-add.routes.ts';
import { createQuickAddService } from './modules/quick-add/quick-add.service.ts';
import { createQuickImportService } from './modules/quick-add/quick-import.service.ts';
import { createRolesRepository } from './modules/roles/roles.repository.ts';
import { rolesRoutes } from './modules/roles/roles.routes.ts';
import { createRolesService } from './modules/roles/roles.service.ts';
import { createServiceRecordsRepository } from './modules/service-records/service-records.repository.ts';
import { serviceRecordsRoutes } from './modules/service-records/service-records.routes.ts';
import { createServiceRecordsService } from './modules/service-records/service-records.service.ts';
import { ctiSettingsRoutes } from './modules/settings/cti-settings.routes.ts';
import { createSettingsRepository } from './modules/settings/settings.repository.ts';
import { settingsRoutes } from './modules/settings/settings.routes.ts';
import { monitorRoutes } from './modules/supervisor/monitor.routes.ts';
import { createMonitorService } from './modules/supervisor/monitor.service.ts';
import { supervisorRoutes } from './modules/supervisor/supervisor.routes.ts';
import { createSupervisorService } from './modules/supervisor/supervisor.service.ts';
import { createUsersRepository } from './modules/users/users.repository.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { createUsersService } from './modules/users/users.service.ts';
import { vipNumbersRoutes } from './modules/vip-numbers/vip-numbers.routes.ts';
import { createVipNumbersService } from './modules/vip-numbers/vip-numbers.service.ts';
import { createVoiceFilesRepository } from './modules/voice-files/voice-files.repository.ts';
import { voiceFilesRoutes } from './modules/voice-files/voice-files.routes.ts';
import { createVoiceFilesService } from './modules/voice-files/voice-files.service.ts';
import { createVoicemailsRepository } from './modules/voicemails/voicemails.repository.ts';
import { voicemailsRoutes } from './modules/voicemails/voicemails.routes.ts';
import { createVoicemailsService } from './modules/voicemails/voicemails.service.ts';
import { workspaceRoutes } from './modules/workspace/workspace.routes.ts';
import { createWorkspaceService } from './modules/workspace/workspace.service.ts';
import { acdScopeProvider, departmentSubtreeProvider, resolveScope } from './security/data-scope.ts';
import { sipBansRoutes } from './sip/sip-bans.routes.ts';

/** Builds every domain module with plain factories (the composition root's second half). */
export function createModules(deps: AppDeps) {
  const { db, clock, config, log } = deps;
  const locale = config.app.defaultLocale;
  const providers = [departmentSubtreeProvider, acdScopeProvider, ...(deps.scopeProviders ?? [])];
  const scopeOf = (actor: Actor) => resolveScope(actor, db, providers);

  const auditRepo = createAuditRepository(db);
  const audit = createAuditService({ repo: auditRepo, log });
  const users = createUsersRepository(db);
  const sessions = createSessionsRepository(db);
  const departments = createDepartmentsRepository(db);
  const employeesRepo = createEmployeesRepository(db);
  const rolesRepo = createRolesRepository(db);
  const settings = createSettingsRepository(db);
  const throttle = createLoginThrottle({
    db,
    clock,
    maxFailures: config.security.loginMaxFailures,
    lockMinutes: config.security.loginLockMinutes,
    ratePerMinute: config.security.loginRatePerMinute,
  });

  const auth = createAuthService({ config, clock, users, sessions, throttle, audit });
  const departmentsService = createDepartmentsService({ repo: departments, audit, scopeOf });
  const employees = createEmployeesService({ db, repo: employeesRepo, departments, users, audit, scopeOf });
  const directory = createDirectoryService({ employees, departments });
  const roles = createRolesService({ repo: rolesRepo, audit });
  const extensions = createExtensionsService({
    db,
    realm: config.sip.realm,
    repo: createExtensionsRepository(db),
    employees: employeesRepo,
    audit,
    scopeOf,
  });
  const usersService = createUsersService({
    clock,
    repo: users,
    roles: rolesRepo,
    employees: employeesRepo,
    sessions,
    audit,
    scopeOf,
  });

  const quickAddModule = () => {
    const repo = createQuickAddRepository(db);
    const quickAdd = createQuickAddService({
      db,
      realm: config.sip.realm,
      repo,
      departments,
      roles: rolesRepo,
      audit,
      scopeOf,
    });
    return { quickAdd, quickImport: createQuickImportService({ quickAdd, repo, audit }) };
  };

  const ivrProjectsRepo = createIvrProjectsRepository(db);
  const ivrConfigsRepo = createIvrConfigsRepository(db);
  const voiceFilesRepo = createVoiceFilesRepository(db);

  const apiKeys = createApiKeysService({ db, audit, clock });
  const cdrs = createCdrsService({
    db,
    repo: createCdrsRepository(db),
    clock,
    scopeOf,
    mediaRoot: mediaRootOf(config),
    liveCalls: () => deps.telephony?.current?.liveCalls() ?? [],
    cdrsWritten: async () => deps.telephony?.current?.flushCdrs(),
  });
  const plugins: FastifyPluginAsyncZod[] = [
    authRoutes({ auth, cookieSecure: config.security.cookieSecure, sessionTtlHours: config.security.sessionTtlHours }),
    settingsRoutes({ repo: settings, audit, defaultLocale: locale }),
    ctiSettingsRoutes({ repo: settings, audit }),
    departmentsRoutes(departmentsService, locale),
    employeesRoutes(employees, locale),
    // Quick add / quick import (§4.3.2): employee + extension + agent (+ user) in one step.
    quickAddRoutes(quickAddModule(), locale),
    directoryRoutes(directory, locale),
    rolesRoutes(roles, locale),
    usersRoutes(usersService, locale),
    auditRoutes({ repo: auditRepo, scopeOf }, locale),
    agentGroupsRoutes(createAgentGroupsService({ db, audit, scopeOf })),
    agentsRoutes(createAgentsService({ db, repo: createAgentsRepository(db), audit, scopeOf })),
    queuesRoutes(createQueuesService({ db, repo: createQueuesRepository(db), audit, scopeOf })),
    vipNumbersRoutes(createVipNumbersService({ db, audit })),
    busyReasonsRoutes(createBusyReasonsService({ db, audit })),
    extensionsRoutes(extensions, { demo: config.app.demo, dataDir: deps.dataDir ?? null }),
    voiceFilesRoutes(createVoiceFilesService({ repo: voiceFilesRepo, audit })),
    ivrProjectsRoutes(
      createIvrProjectsService({ db, repo: ivrProjectsRepo, configs: ivrConfigsRepo, voiceFiles: voiceFilesRepo, audit }),
    ),
    ivrConfigsRoutes(createIvrConfigsService({ db, repo: ivrConfigsRepo, projects: ivrProjectsRepo, audit })),
    // SIP bans: the same ban list the SIP edge (main.ts) uses.
    sipBansRoutes({ bans: deps.sipBans, config, audit, log }),
    // PBX dial plan: schedules, access numbers, trunks, outbound routes (writes reload the running switch).
    ...dialplanPlugins({ db, audit, telephony: deps.telephony }),
    // Call records, current calls and voicemail; recordings and messages are files in the data folder.
    cdrsRoutes(cdrs),
    liveCallsRoutes(
      createLiveCallsService({ cdrs, telephony: () => deps.telephony?.current ?? null, audit, clock, log }),
      (token) => auth.resolve(token),
    ),
    // API keys and the click-to-call API third-party CRM servers use with them.
    apiKeysRoutes(apiKeys, createClickToCallService({ db, telephony: () => deps.telephony?.current ?? null })),
    // The agent workspace: the signed-in user's agent session, commands and event stream.
    workspaceRoutes(createWorkspaceService({ db, telephony: () => deps.telephony?.current ?? null, clock, log })),
    // The supervisor's wallboards, forced states and call moves (managed scope only).
    supervisorRoutes(
      createSupervisorService({ db, telephony: () => deps.telephony?.current ?? null, audit, clock, log }),
      (token) => auth.resolve(token),
    ),
    // Supervisor monitoring: listen, whisper, barge, take over (managed scope only).
    monitorRoutes(createMonitorService({ telephony: () => deps.telephony?.current ?? null, audit })),
    voicemailsRoutes(
      createVoicemailsService({ repo: createVoicemailsRepository(db), audit, clock, scopeOf, mediaRoot: mediaRootOf(config) }),
    ),
    // Service records (§4.4.8), saved from the workspace's screen pop against the call.
    serviceRecordsRoutes(
      createServiceRecordsService({
        repo: createServiceRecordsRepository(db),
        cdrs: createCdrsRepository(db),
        audit,
        clock,
        scopeOf,
        liveCalls: () => deps.telephony?.current?.liveCalls() ?? [],
      }),
    ),
  ];
  return { auth, audit, sessions, plugins, verifyApiKey: apiKeys.verify };
}
