import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillScreenPopUrl } from './screen-pop.ts';

const vars = {
  callId: 'c 1',
  caller: '13800138000',
  callee: '4008009000',
  accessNumber: '4008009000',
  queue: '售后',
  agentNumber: '2001',
  direction: 'inbound' as const,
};

describe('screen-pop URL template', () => {
  it('fills and URL-encodes the call variables', () => {
    assert.equal(
      fillScreenPopUrl('https://crm.example/pop?tel={caller}&q={queue}&id={callId}&a={agentNumber}&d={direction}', vars),
      'https://crm.example/pop?tel=13800138000&q=%E5%94%AE%E5%90%8E&id=c%201&a=2001&d=inbound',
    );
  });
  it('keeps unknown placeholders visible and gives null for an empty template', () => {
    assert.equal(fillScreenPopUrl('https://crm.example/{nope}/{caller}', vars), 'https://crm.example/{nope}/13800138000');
    assert.equal(fillScreenPopUrl('  ', vars), null);
  });
  it('cannot be steered into another host by a value', () => {
    const url = fillScreenPopUrl('https://crm.example/pop?tel={caller}', { ...vars, caller: '@evil.example/#' });
    assert.equal(new URL(url as string).host, 'crm.example');
  });
});
