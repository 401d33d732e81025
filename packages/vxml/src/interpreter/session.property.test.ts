import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { runScripted } from '../testing/run-scripted.ts';

/** Random but well-formed documents: every run must end, never throw, and end the trace with "end". */
const exec = fc.constantFrom(
  '<log>x</log>',
  '<assign name="n" expr="n + 1"/>',
  '<var name="t" expr="n * 2"/>',
  '<if cond="n &gt; 2"><goto next="#b"/><else/><reprompt/></if>',
  '<goto next="#a"/>',
  '<goto nextitem="f1"/>',
  '<clear/>',
  '<throw event="user.x"/>',
  '<exit/>',
  '<disconnect/>',
  '<return/>',
  '<submit next="missing.vxml"/>',
  '<data name="d" src="missing.json"/>',
  '<script>n = n + 1; undefinedFn();</script>',
  '<prompt>提示<value expr="n"/></prompt>',
  '<audio src="nope.wav">备用</audio>',
  '<foreach item="i" array="[1,2]"><log><value expr="i"/></log></foreach>',
);
const body = fc.array(exec, { maxLength: 4 }).map((xs) => xs.join(''));
const item = fc.oneof(
  body.map((b) => `<block>${b}</block>`),
  fc
    .tuple(fc.constantFrom('digits', 'boolean', 'number', 'digits?length=2'), body, body)
    .map(
      ([t, f, c]) =>
        `<field name="f${Math.abs(f.length % 3)}x" type="${t}"><prompt>请输入</prompt><filled>${f}</filled><catch event="noinput nomatch">${c}</catch></field>`,
    ),
  body.map((b) => `<transfer name="tr" dest="queue:q" type="bridge"><filled>${b}</filled></transfer>`),
  body.map((b) => `<record name="rec" maxtime="5s"><filled>${b}</filled></record>`),
  body.map((b) => `<subdialog name="sd" src="#b"><filled>${b}</filled></subdialog>`),
);
const doc = fc.tuple(fc.array(item, { minLength: 1, maxLength: 4 }), body, fc.array(item, { maxLength: 3 })).map(
  ([items, catchBody, bItems]) => `<vxml version="2.1"><var name="n" expr="0"/><catch event="error">${catchBody}</catch>
  <form id="a"><block name="f1"/>${items.join('')}</form>
  <form id="b">${bItems.join('')}<block><return/></block></form></vxml>`,
);
const dtmf = fc.array(fc.constantFrom('1', '2', '12', '1#', 'noinput', 'hangup', '*', '99'), { maxLength: 6 });

test('random documents always end with a trace "end" and never throw', async () => {
  let ran = 0;
  let total = 0;
  await fc.assert(
    fc.asyncProperty(doc, dtmf, async (text, keys) => {
      const r = await runScripted({
        document: { uri: 'http://ivr.test/p.vxml', text },
        script: { dtmf: keys },
        limits: { maxSteps: 200 },
      });
      assert.ok(['exit', 'end', 'hangup', 'transfer', 'error'].includes(r.result.reason), JSON.stringify(r.result));
      assert.equal(r.trace.at(-1)?.type, 'end');
      total++;
      if (r.trace.some((e) => e.type === 'dialog')) ran++;
    }),
    { numRuns: 120 },
  );
  // Most generated documents must be valid, or the property would only exercise the parser.
  assert.ok(ran > total / 2, `only ${ran} of ${total} documents ran`);
});
