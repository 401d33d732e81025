import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { VxmlErrorCode } from '../errors.ts';
import { parseVxml } from './parse-vxml.ts';

const ok = `<?xml version="1.0"?>
<!DOCTYPE vxml PUBLIC "-//W3C//DTD VOICEXML 2.1//EN" "http://www.w3.org/TR/voicexml21/vxml.dtd">
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <var name="a" expr="1"/>
  <form id="f">
    <field name="x" type="digits"><prompt count="2">p</prompt><noinput count="3"><reprompt/></noinput></field>
    <block><if cond="a"><goto next="#m"/><elseif cond="b"/><exit/><else/><disconnect/></if></block>
  </form>
  <menu id="m" dtmf="true"><choice next="#f">one</choice></menu>
</vxml>`;

test('parses a VoiceXML 2.1 document into the typed tree (plain DOCTYPE ignored)', () => {
  const r = parseVxml(ok);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  const doc = r.value;
  assert.equal(doc.version, '2.1');
  assert.deepEqual(
    doc.init.map((e) => e.kind),
    ['var'],
  );
  const form = doc.dialogs[0];
  assert.equal(form?.kind, 'form');
  if (form?.kind !== 'form') return;
  const field = form.items[0];
  assert.equal(field?.kind, 'field');
  if (field?.kind !== 'field') return;
  assert.equal(field.prompts[0]?.count, 2);
  assert.equal(field.catches[0]?.count, 3);
  assert.deepEqual(field.catches[0]?.events, ['noinput']);
  const block = form.items[1];
  assert.equal(block?.kind, 'block');
  if (block?.kind !== 'block') return;
  const iff = block.body[0];
  assert.equal(iff?.kind, 'if');
  if (iff?.kind === 'if')
    assert.deepEqual(
      iff.branches.map((b) => b.body[0]?.kind),
      ['goto', 'exit', 'disconnect'],
    );
  assert.equal(doc.dialogs[1]?.kind, 'menu');
});

test('validation errors carry line and column of the offending element', () => {
  const r = parseVxml('<vxml version="2.1">\n  <form>\n    <field name="x">\n      <bogus/>\n    </field>\n  </form>\n</vxml>');
  assert.ok(!r.ok);
  if (r.ok) return;
  assert.equal(r.error.code, VxmlErrorCode.Invalid);
  const issues = r.error.details?.issues as { message: string; line: number; column: number }[];
  const bogus = issues.find((i) => i.message.includes('<bogus>'));
  assert.deepEqual(bogus && { line: bogus.line, column: bogus.column }, { line: 4, column: 7 });
  assert.ok(issues.some((i) => i.message.includes('no grammar') && i.line === 3));
});

test('every issue is reported: missing attributes, bad times, unknown goto targets, duplicate names', () => {
  const r = parseVxml(`<vxml version="2.1"><form id="a">
<field name="x" type="digits"><property name="timeout" value="5s"/></field>
<field name="x" type="digits"/>
<record name="r" maxtime="ten seconds"/>
<block><assign expr="1"/><goto next="#nowhere"/></block></form></vxml>`);
  assert.ok(!r.ok);
  if (r.ok) return;
  const messages = (r.error.details?.issues as { message: string }[]).map((i) => i.message).join('\n');
  assert.match(messages, /duplicate form item name "x"/);
  assert.match(messages, /maxtime.*not a time designation/);
  assert.match(messages, /<assign>: attribute "name" is required/);
  assert.match(messages, /#nowhere is not a dialog/);
});

test('syntax errors are typed with a position', () => {
  const r = parseVxml('<vxml version="2.1">\n<form><block>x</form></vxml>');
  assert.ok(!r.ok);
  if (!r.ok) {
    assert.equal(r.error.code, VxmlErrorCode.XmlSyntax);
    assert.equal(r.error.details?.line, 2);
  }
});

test('DOCTYPE with entity declarations is refused (no XXE, no billion laughs)', () => {
  const xxe =
    '<?xml version="1.0"?><!DOCTYPE vxml [<!ENTITY x SYSTEM "file:///etc/passwd">]><vxml version="2.1"><form><block>&x;</block></form></vxml>';
  const r = parseVxml(xxe);
  assert.ok(!r.ok);
  if (!r.ok) assert.equal(r.error.code, VxmlErrorCode.XmlDoctypeRejected);
  const lol =
    '<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><vxml version="2.1"><form><block>&b;</block></form></vxml>';
  const r2 = parseVxml(lol);
  assert.ok(!r2.ok);
  // An undeclared entity without a DOCTYPE is a syntax error, never resolved.
  const r3 = parseVxml('<vxml version="2.1"><form><block>&secret;</block></form></vxml>');
  assert.ok(!r3.ok);
});

test('size, depth and element-count limits', () => {
  const limits = { maxChars: 200, maxDepth: 5, maxElements: 10 };
  const big = parseVxml(`<vxml version="2.1"><form><block>${'x'.repeat(300)}</block></form></vxml>`, limits);
  assert.ok(!big.ok && big.error.code === VxmlErrorCode.XmlTooLarge);
  const deep = parseVxml(
    '<vxml version="2.1"><form><block><if cond="1"><if cond="1"><if cond="1"/></if></if></block></form></vxml>',
    limits,
  );
  assert.ok(!deep.ok && deep.error.code === VxmlErrorCode.XmlTooDeep);
  const many = parseVxml(`<vxml version="2.1"><form><block>${'<log/>'.repeat(12)}</block></form></vxml>`, limits);
  assert.ok(!many.ok && many.error.code === VxmlErrorCode.XmlTooManyNodes);
});

test('never throws on arbitrary input (property test)', () => {
  const fragments = [
    '<vxml version="2.1">',
    '</vxml>',
    '<form>',
    '</form>',
    '<field name="a" type="digits">',
    '</field>',
    '<block>',
    '</block>',
    '<prompt>',
    '</prompt>',
    '<!DOCTYPE x [',
    ']>',
    '&amp;',
    '&x;',
    '<![CDATA[',
    ']]>',
    '<?xml version="1.0"?>',
    '"',
    '<',
    '>',
    '文本',
  ];
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string()), { maxLength: 30 }), (parts) => {
      const r = parseVxml(parts.join(''));
      assert.equal(typeof r.ok, 'boolean');
    }),
    { numRuns: 400 },
  );
});
