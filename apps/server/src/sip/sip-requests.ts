import type { Queryable } from '@rexian/db';
import { createResponse, isSipUri, newTag, type ServerTransaction, type SipRequest } from '@rexian/sip';

/**
 * Non-REGISTER requests until the switch exists (the `onRequest` port of createSipService). Initial
 * requests arrive here already authenticated: a call or message to an enabled extension gets 480
 * Temporarily Unavailable (it exists, nobody can connect it yet), to anything else 404. Event packages
 * are not served yet, so SUBSCRIBE/PUBLISH get 489 Bad Event (RFC 6665 §8.2.1) and phones stop retrying
 * MWI subscriptions. In-dialog requests (`user` null) match no dialog: 481.
 */
export function createInterimRequestHandler(db: Queryable) {
  async function isExtension(number: string | null): Promise<boolean> {
    if (number === null) return false;
    const r = await db.query('SELECT 1 FROM extensions WHERE number = $1 AND enabled', [number]);
    return r.rows.length > 0;
  }

  return async (request: SipRequest, tx: ServerTransaction, user: string | null): Promise<void> => {
    const reply = (status: number) => tx.respond(createResponse(request, status, { toTag: newTag() }));
    if (user === null) return reply(481);
    if (request.method === 'SUBSCRIBE' || request.method === 'PUBLISH') return reply(489);
    const target = isSipUri(request.uri) ? request.uri.user : null;
    reply((await isExtension(target)) ? 480 : 404);
  };
}
