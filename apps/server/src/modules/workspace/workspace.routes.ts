import {
  agentCallerIds,
  agentDial,
  agentDialResult,
  agentPartyBody,
  agentSession,
  agentSignIn,
  agentStateChange,
  agentTransfer,
} from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/guard.ts';
import { liveCallErrors } from '../live-calls/live-calls.errors.ts';
import type { WorkspaceService } from './workspace.service.ts';

/** The agent workspace API: `/agent/...` always means the signed-in user's own agent. */
export function workspaceRoutes(service: WorkspaceService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['agent workspace'];
    const access = { access: { permission: 'cti.workspace' as const } };
    const session = { 200: agentSession };
    app.get(
      '/agent/session',
      { config: access, schema: { tags, summary: 'My agent session: state, extension, current call', response: session } },
      async (req) => service.session(actorOf(req)),
    );
    app.post(
      '/agent/session',
      {
        config: access,
        schema: {
          tags,
          summary: 'Sign in (签入): with the bound extension, another extension, or none (monitor only)',
          body: agentSignIn,
          response: session,
        },
      },
      async (req) => service.signIn(actorOf(req), req.body),
    );
    app.delete(
      '/agent/session',
      { config: access, schema: { tags, summary: 'Sign out (签出)', response: session } },
      async (req) => service.signOut(actorOf(req)),
    );
    app.put(
      '/agent/session/state',
      {
        config: access,
        schema: {
          tags,
          summary: 'Idle (示闲), busy with a reason (示忙), away, outbound only',
          body: agentStateChange,
          response: session,
        },
      },
      async (req) => service.setState(actorOf(req), req.body),
    );
    const commands = {
      answer: ['answer', 'Answer the ringing call from here (phones that honour auto-answer headers answer by themselves)'],
      hangup: ['hangup', 'Hang up my call (ringing: decline, it goes to the next agent; consulting: complete the transfer)'],
      hold: ['hold', 'Hold: the customer hears music'],
      unhold: ['unhold', 'Take the customer off hold'],
      'consult/complete': ['completeConsult', 'Complete the consult: the customer talks to the consulted party; I wrap up'],
      'consult/cancel': ['cancelConsult', 'Cancel the consult: drop the consulted party, back to the customer'],
      'conference/drop': ['dropConference', 'Drop the third party; the customer and I go on'],
      rate: ['rate', 'Rating (满意度评价): I leave, the customer hears the survey and presses a key (stored per call and agent)'],
    } as const;
    for (const [path, [command, summary]] of Object.entries(commands)) {
      app.post(`/agent/call/${path}`, { config: access, schema: { tags, summary, response: session } }, async (req) =>
        service.command(actorOf(req), command),
      );
    }
    app.post(
      '/agent/call/consult',
      {
        config: access,
        schema: {
          tags,
          summary:
            'Consult (咨询) an agent, an extension or an outside number while the customer waits with music; if the party is busy, does not answer or hangs up, the call comes back by itself',
          body: agentPartyBody,
          response: session,
        },
      },
      async (req) => service.withParty(actorOf(req), 'consult', req.body.to),
    );
    app.post(
      '/agent/call/conference',
      {
        config: access,
        schema: {
          tags,
          summary: 'Three-way (三方通话): add an agent, extension or outside number',
          body: agentPartyBody,
          response: session,
        },
      },
      async (req) => service.withParty(actorOf(req), 'conference', req.body.to),
    );
    app.get(
      '/agent/caller-ids',
      {
        config: access,
        schema: {
          tags,
          summary: 'Access numbers I may show as caller ID on an outbound call',
          response: { 200: agentCallerIds },
        },
      },
      async () => service.callerIds(),
    );
    app.post(
      '/agent/dial',
      {
        config: access,
        schema: {
          tags,
          summary: 'Click to dial / internal call: my phone rings first, then the party (an access number as caller ID)',
          body: agentDial,
          response: { 200: agentDialResult },
        },
      },
      async (req) => service.dial(actorOf(req), req.body),
    );
    app.post(
      '/agent/call/transfer',
      {
        config: access,
        schema: {
          tags,
          summary: 'Blind transfer to an agent, extension, outside number, queue or IVR; I go to wrap-up',
          body: agentTransfer,
          response: session,
        },
      },
      async (req) => service.transfer(actorOf(req), req.body.to),
    );
    app.route({
      method: 'GET',
      url: '/agent/stream',
      config: access,
      schema: { tags, summary: 'WebSocket: my session and call events (agentEvent messages); screen pop on ringing' },
      handler: async () => {
        throw liveCallErrors.websocketRequired();
      },
      wsHandler: (socket, req) => {
        let stop: (() => void) | undefined;
        let closed = false;
        socket.on('close', () => {
          closed = true;
          stop?.();
        });
        service
          .watch(actorOf(req), { send: (e) => socket.send(JSON.stringify(e)) })
          .then((s) => {
            if (closed) s();
            else stop = s;
          })
          .catch((error: unknown) => {
            const code = (error as { code?: string }).code ?? 'INTERNAL';
            socket.send(JSON.stringify({ type: 'error', code }));
            socket.close(4404, code);
          });
      },
    });
  };
}
