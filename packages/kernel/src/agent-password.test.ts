import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentPasswordProblem } from './agent-password.ts';

describe('agent and extension password rule (manual §4.3.2)', () => {
  it('accepts letters and digits mixed, six or more, without 4 consecutive digits', () => {
    for (const ok of ['abc123', 'a1b2c3d4', 'Zx9174', 'agent2468x', '1357ab', 'ab1239'])
      assert.equal(agentPasswordProblem(ok), null, ok);
  });
  it('names the broken rule', () => {
    const cases: [string, string][] = [
      ['ab12c', 'too_short'],
      ['abcdefg', 'not_mixed'],
      ['12345678', 'not_mixed'],
      ['abc1234', 'consecutive_digits'],
      ['x9876y', 'consecutive_digits'],
      ['pw0123ab', 'consecutive_digits'],
      ['ab12 34', 'invalid_characters'],
      ['密码abc123', 'invalid_characters'],
    ];
    for (const [pw, problem] of cases) assert.equal(agentPasswordProblem(pw), problem, pw);
  });
  it('allows runs of three and non-consecutive digit sequences', () => {
    assert.equal(agentPasswordProblem('a123b456'), null);
    assert.equal(agentPasswordProblem('a1233b'), null);
  });
});
