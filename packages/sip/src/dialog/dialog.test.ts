import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createResponse } from '../message/builders.ts';
import { getHeader, getHeaderValues } from '../message/headers.ts';
import { parseMessage } from '../message/parser.ts';
import { serializeMessage } from '../message/serializer.ts';
import type { SipRequest, SipResponse } from '../message/types.ts';
import { serializeUri } from '../message/uri.ts';
import {
  createInDialogRequest,
  createUacDialog,
  createUasDialog,
  dialogId,
  receiveInDialog,
  transitionDialog,
} from './dialog.ts';

function invite(): SipRequest {
  const text = [
    'INVITE sip:bob@b.example.com SIP/2.0',
    'Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKinv',
    'Record-Route: <sip:p2.example.com;lr>',
    'Record-Route: <sip:p1.example.com;lr>',
    'From: "Alice" <sip:alice@a.example.com>;tag=alice1',
    'To: <sip:bob@b.example.com>',
    'Call-ID: dlg-1',
    'CSeq: 10 INVITE',
    'Contact: <sip:alice@192.0.2.10:5060>',
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const r = parseMessage(Buffer.from(text));
  assert.ok(r.ok && r.value.kind === 'request');
  return r.value;
}

function ok200(req: SipRequest): SipResponse {
  return createResponse(req, 200, { toTag: 'bob1', headers: [{ name: 'Contact', value: '<sip:bob@192.0.2.20:5070>' }] });
}

describe('dialogs (RFC 3261 §12)', () => {
  it('UAC and UAS build mirror-image dialogs; route sets in the right order', () => {
    const req = invite();
    const resp = ok200(req);
    const uac = createUacDialog(req, resp);
    const uas = createUasDialog(req, resp);
    assert.ok(uac && uas);
    assert.equal(uac.state, 'Confirmed');
    assert.equal(dialogId(uac), 'dlg-1|alice1|bob1');
    assert.equal(dialogId(uas), 'dlg-1|bob1|alice1');
    assert.deepEqual(uac.routeSet, ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
    assert.deepEqual(uas.routeSet, ['<sip:p2.example.com;lr>', '<sip:p1.example.com;lr>']);
    assert.equal(serializeUri(uac.remoteTarget), 'sip:bob@192.0.2.20:5070');
    assert.equal(serializeUri(uas.remoteTarget), 'sip:alice@192.0.2.10:5060');
    assert.equal(uac.localSeq, 10);
    assert.equal(uas.remoteSeq, 10);
  });

  it('early dialogs from 1xx with a To tag, confirmed later; no dialog from a failure', () => {
    const req = invite();
    const ringing = createResponse(req, 180, { toTag: 'bob1', headers: [{ name: 'Contact', value: '<sip:bob@192.0.2.20>' }] });
    const early = createUacDialog(req, ringing);
    assert.equal(early?.state, 'Early');
    assert.equal(early && transitionDialog(early, 'Confirmed').state, 'Confirmed');
    assert.throws(() => early && transitionDialog(transitionDialog(early, 'Terminated'), 'Confirmed'));
    assert.equal(createUacDialog(req, createResponse(req, 486, { toTag: 'x' })), null);
  });

  it('builds in-dialog requests with loose routing and increasing CSeq; ACK reuses the INVITE CSeq', () => {
    const req = invite();
    const d = createUacDialog(req, ok200(req));
    assert.ok(d);
    const ack = createInDialogRequest(d, 'ACK', { via: 'SIP/2.0/UDP a.example.com' });
    assert.equal(getHeader(ack.request, 'CSeq'), '10 ACK');
    const bye = createInDialogRequest(ack.dialog, 'BYE', { via: 'SIP/2.0/UDP a.example.com' });
    assert.equal(getHeader(bye.request, 'CSeq'), '11 BYE');
    assert.equal(bye.dialog.localSeq, 11);
    assert.equal(serializeUri(bye.request.uri), 'sip:bob@192.0.2.20:5070');
    assert.deepEqual(getHeaderValues(bye.request, 'Route'), ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
    assert.equal(getHeader(bye.request, 'To'), '<sip:bob@b.example.com>;tag=bob1');
    assert.equal(getHeader(bye.request, 'From'), '"Alice" <sip:alice@a.example.com>;tag=alice1');
    const wire = parseMessage(serializeMessage(bye.request));
    assert.ok(wire.ok, 'in-dialog request is a valid message');
  });

  it('uses strict routing when the first route lacks lr', () => {
    const req = invite();
    const d = createUacDialog(req, ok200(req));
    assert.ok(d);
    const strict = { ...d, routeSet: ['<sip:strict.example.com>', '<sip:p2.example.com;lr>'] };
    const r = createInDialogRequest(strict, 'INFO', { via: 'SIP/2.0/UDP a.example.com' });
    assert.equal(serializeUri(r.request.uri), 'sip:strict.example.com');
    assert.deepEqual(getHeaderValues(r.request, 'Route'), ['<sip:p2.example.com;lr>', '<sip:bob@192.0.2.20:5070>']);
  });

  it('refuses out-of-order requests with 500 and refreshes the target on re-INVITE', () => {
    const req = invite();
    const uas = createUasDialog(req, ok200(req));
    assert.ok(uas);
    const reinvite = {
      ...req,
      headers: req.headers.map((h) =>
        h.name === 'CSeq'
          ? { name: 'CSeq', value: '11 INVITE' }
          : h.name === 'Contact'
            ? { name: 'Contact', value: '<sip:alice@198.51.100.1>' }
            : h,
      ),
    };
    const r = receiveInDialog(uas, reinvite);
    assert.ok(r.ok);
    assert.equal(serializeUri(r.dialog.remoteTarget), 'sip:alice@198.51.100.1');
    assert.equal(r.dialog.remoteSeq, 11);
    assert.deepEqual(receiveInDialog(r.dialog, reinvite), { ok: false, status: 500 });
  });
});
