import type { Database } from '@rexian/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TelephonyHolder } from '../../telephony/telephony-runtime.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { accessNumbersRoutes } from './access-numbers.routes.ts';
import { createAccessNumbersService } from './access-numbers.service.ts';
import { outboundRoutesRoutes } from './outbound-routes.routes.ts';
import { createOutboundRoutesService } from './outbound-routes.service.ts';
import { schedulesRoutes } from './schedules.routes.ts';
import { createSchedulesService } from './schedules.service.ts';
import { trunksRoutes } from './trunks.routes.ts';
import { createTrunksService } from './trunks.service.ts';

type Deps = { db: Database; audit: AuditService; telephony?: TelephonyHolder | undefined };

/** The four services; every write tells the running switch (when there is one) to reload before its next call. */
export function createDialplanServices(d: Deps) {
  const changed = () => d.telephony?.current?.dialplanChanged();
  const deps = { db: d.db, audit: d.audit, changed };
  return {
    schedules: createSchedulesService(deps),
    accessNumbers: createAccessNumbersService(deps),
    trunks: createTrunksService({ ...deps, telephony: d.telephony }),
    routes: createOutboundRoutesService(deps),
  };
}

/** The dial plan's HTTP side: schedules, access numbers, trunks and outbound routes. */
export function dialplanPlugins(d: Deps): FastifyPluginAsyncZod[] {
  const s = createDialplanServices(d);
  return [
    schedulesRoutes(s.schedules),
    accessNumbersRoutes(s.accessNumbers),
    trunksRoutes(s.trunks),
    outboundRoutesRoutes(s.routes),
  ];
}
