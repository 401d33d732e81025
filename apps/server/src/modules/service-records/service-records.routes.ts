import {
  callerHistory,
  callerHistoryQuery,
  idParams,
  page,
  serviceRecord,
  serviceRecordCreate,
  serviceRecordQuery,
  serviceRecordUpdate,
} from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/guard.ts';
import type { ServiceRecordsService } from './service-records.service.ts';

export function serviceRecordsRoutes(service: ServiceRecordsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['service records'];
    const read = { access: { permission: 'crm.service-record.read' as const } };
    const write = { access: { permission: 'crm.service-record.write' as const } };
    app.get(
      '/service-records',
      {
        config: read,
        schema: {
          tags,
          summary: 'Service records (§4.4.8), newest first; own records for agents, the managed ones for supervisors',
          querystring: serviceRecordQuery,
          response: { 200: page(serviceRecord) },
        },
      },
      async (req) => service.list(actorOf(req), req.query),
    );
    app.get(
      '/service-records/history',
      {
        config: read,
        schema: {
          tags,
          summary: 'Screen-pop history: the last calls and service records of the customer on a call I took part in',
          querystring: callerHistoryQuery,
          response: { 200: callerHistory },
        },
      },
      async (req) => service.history(actorOf(req), req.query.callId),
    );
    app.get(
      '/service-records/:id',
      { config: read, schema: { tags, summary: 'One service record', params: idParams, response: { 200: serviceRecord } } },
      async (req) => service.get(actorOf(req), req.params.id),
    );
    app.post(
      '/service-records',
      {
        config: write,
        schema: {
          tags,
          summary: 'Save a service record, against a call I took part in (the number comes from the call) or by hand',
          body: serviceRecordCreate,
          response: { 201: serviceRecord },
        },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );
    app.patch(
      '/service-records/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Edit a service record (编辑客户服务记录)',
          params: idParams,
          body: serviceRecordUpdate,
          response: { 200: serviceRecord },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
  };
}
