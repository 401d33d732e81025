import type { Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';
import type { ConditionNode, HttpNode, IvrNode, IvrProject, MenuNode, PlayItem } from './designer-model.ts';
import type { DesignerIssue } from './designer-validate.ts';
import { children, validateProject } from './designer-validate.ts';

export interface CompileOptions {
  /** Voice file id → URL of its 8 kHz WAV (relative URLs resolve against the document's URL). */
  voiceFiles: ReadonlyMap<string, string>;
}

const timeoutForm = 'rx_timeout';
const formId = (n: IvrNode) => `n_${n.id}`;

/** XML text and attribute escaping (the compiler builds strings; every user value goes through here). */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * "构建 VXML": validates the project and compiles it to one VoiceXML 2.1 document — a form per node,
 * transitions as <goto>, the project's time-out queue as a shared blind transfer.
 */
export function compileProject(p: IvrProject, opts: CompileOptions): Result<string, DesignerIssue[]> {
  const issues = validateProject(p, { voiceFileIds: new Set(opts.voiceFiles.keys()) });
  if (issues.length > 0) return err(issues);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // "--" may not appear inside an XML comment.
    `<!-- Rexian IVR project ${esc(p.name).replace(/-{2,}/g, '-')} (${esc(p.id).replace(/-{2,}/g, '-')}), generated; edit the project, not this file. -->`,
    '<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" xml:lang="zh-CN">',
    '  <var name="caller" expr="session.callerid"/>',
    '  <var name="called" expr="session.calledid"/>',
    ...p.variables.map((v) => `  <var name="${esc(v)}"/>`),
  ];
  const visit = (n: IvrNode, menus: readonly MenuNode[]) => {
    out.push(...compileNode(n, menus, p.root, opts));
    const inner = n.kind === 'menu' ? [...menus, n] : menus;
    for (const c of children(n)) visit(c, inner);
  };
  visit(p.root, []);
  out.push(
    `  <form id="${timeoutForm}">`,
    `    <transfer name="t" dest="queue:${esc(p.timeoutQueue)}" type="blind"/>`,
    '  </form>',
    '</vxml>',
    '',
  );
  return ok(out.join('\n'));
}

function compileNode(n: IvrNode, menus: readonly MenuNode[], root: IvrNode, opts: CompileOptions): string[] {
  const open = `  <form id="${formId(n)}">`;
  const goTo = (target: IvrNode | undefined) => (target ? `<goto next="#${formId(target)}"/>` : '<exit/>');
  switch (n.kind) {
    case 'play':
      return [open, `    <block>${prompt(n.items, n.interruptible, opts)}${goTo(n.next)}</block>`, '  </form>'];
    case 'menu':
      return compileMenu(n, opts);
    case 'queue':
    case 'voicemail': {
      const dest = n.kind === 'queue' ? `queue:${n.queue}` : `voicemail:${n.mailbox}`;
      const pre = n.items?.length ? [`    <block>${prompt(n.items, false, opts)}</block>`] : [];
      return [open, ...pre, `    <transfer name="t" dest="${esc(dest)}" type="blind"/>`, '  </form>'];
    }
    case 'hangup':
      return [open, `    <block>${prompt(n.items ?? [], false, opts)}<disconnect/></block>`, '  </form>'];
    case 'http':
      return compileHttp(n, opts);
    case 'condition':
      return [open, `    <block>${conditionIf(n)}</block>`, '  </form>'];
    case 'backToParent': {
      // The branch belongs to the nearest menu; "上一级" is the menu above it (or that menu at the top).
      const target = menus[menus.length - 2] ?? menus[menus.length - 1] ?? root;
      return [open, `    <block>${goTo(target)}</block>`, '  </form>'];
    }
    case 'backToTop':
      return [open, `    <block>${goTo(root)}</block>`, '  </form>'];
  }
}

/** Wrong keys and silence share one attempt counter; past the limit the caller goes to the time-out queue. */
function retryHandlers(max: number, invalid: string): string[] {
  const step = `<assign name="attempts" expr="attempts + 1"/><if cond="attempts &gt;= ${max}"><goto next="#${timeoutForm}"/></if>`;
  return [`      <noinput>${step}<reprompt/></noinput>`, `      <nomatch>${invalid}${step}<reprompt/></nomatch>`];
}

function compileMenu(n: MenuNode, opts: CompileOptions): string[] {
  const invalid = prompt(n.invalidItems ?? [{ kind: 'tts', text: '输入有误，请重新输入。' }], false, opts);
  const branches = n.keys.map((k, i) => {
    const test = `key == '${k.key}'`;
    return `${i === 0 ? `<if cond="${test}">` : `<elseif cond="${test}"/>`}<goto next="#${formId(k.next)}"/>`;
  });
  return [
    `  <form id="${formId(n)}">`,
    '    <var name="attempts" expr="0"/>',
    '    <field name="key">',
    `      <property name="timeout" value="${n.timeoutSeconds ?? 5}s"/>`,
    '      <property name="termtimeout" value="0s"/>',
    `      <grammar mode="dtmf" version="1.0" root="keys" xmlns="http://www.w3.org/2001/06/grammar"><rule id="keys"><one-of>${n.keys.map((k) => `<item>${esc(k.key)}</item>`).join('')}</one-of></rule></grammar>`,
    `      ${prompt(n.items, n.interruptible, opts)}`,
    ...retryHandlers(n.maxAttempts ?? 3, invalid),
    `      <filled>${branches.join('')}</if></filled>`,
    '    </field>',
    '  </form>',
  ];
}

function compileHttp(n: HttpNode, opts: CompileOptions): string[] {
  const lines = [`  <form id="${formId(n)}">`, '    <var name="attempts" expr="0"/>'];
  if (n.collect) {
    const c = n.collect;
    lines.push(
      `    <field name="digits" type="digits?minlength=${c.minDigits};maxlength=${c.maxDigits}">`,
      `      <property name="timeout" value="${c.timeoutSeconds ?? 5}s"/>`,
      `      ${prompt(n.items, n.interruptible, opts)}`,
      ...retryHandlers(3, prompt([{ kind: 'tts', text: '输入有误，请重新输入。' }], false, opts)),
      `      <filled><assign name="${esc(c.variable)}" expr="digits"/></filled>`,
      '    </field>',
    );
  } else if (n.items.length > 0) lines.push(`    <block>${prompt(n.items, n.interruptible, opts)}</block>`);
  const send = [...new Set(['caller', 'called', ...n.send, ...(n.collect ? [n.collect.variable] : [])])];
  const receive = n.receive.map((v) => `<assign name="${esc(v)}" expr="resp.${esc(v)}"/>`).join('');
  const next = n.next ? `<goto next="#${formId(n.next)}"/>` : '<exit/>';
  const onError = `#${n.onError ? formId(n.onError) : timeoutForm}`;
  lines.push(
    `    <block name="call"><data name="resp" src="${esc(n.url)}" method="${n.method}" namelist="${send.map(esc).join(' ')}" fetchtimeout="${n.timeoutSeconds ?? 5}s"/>${receive}${next}</block>`,
    `    <catch event="error.badfetch error.semantic"><log label="http">${esc(n.name)}: <value expr="_event"/></log><goto next="${onError}"/></catch>`,
    '  </form>',
  );
  return lines;
}

function conditionIf(n: ConditionNode): string {
  const parts = n.branches.map(
    (b, i) =>
      `${i === 0 ? '<if cond="' : '<elseif cond="'}${esc(test(b.variable, b.op, b.value))}"${i === 0 ? '>' : '/>'}<goto next="#${formId(b.next)}"/>`,
  );
  const otherwise = n.otherwise ? `<goto next="#${formId(n.otherwise)}"/>` : '<exit/>';
  return `${parts.join('')}<else/>${otherwise}</if>`;
}

/** Designer comparisons as ECMAScript; the value is a JSON string literal, never spliced code. */
function test(variable: string, op: ConditionNode['branches'][number]['op'], value: string): string {
  const lit = JSON.stringify(value);
  switch (op) {
    case 'eq':
      return `String(${variable}) == ${lit}`;
    case 'ne':
      return `String(${variable}) != ${lit}`;
    case 'lt':
      return `Number(${variable}) < Number(${lit})`;
    case 'le':
      return `Number(${variable}) <= Number(${lit})`;
    case 'gt':
      return `Number(${variable}) > Number(${lit})`;
    case 'ge':
      return `Number(${variable}) >= Number(${lit})`;
    case 'empty':
      return `(${variable} === undefined || ${variable} === null || String(${variable}) === '')`;
    case 'notEmpty':
      return `!(${variable} === undefined || ${variable} === null || String(${variable}) === '')`;
  }
}

/** Play items as one <prompt>; `interruptible` is the prompt's barge-in. */
export function prompt(items: readonly PlayItem[], interruptible: boolean, opts: CompileOptions): string {
  if (items.length === 0) return '';
  return `<prompt bargein="${interruptible}">${items.map((i) => playItem(i, opts)).join('')}</prompt>`;
}

function playItem(i: PlayItem, opts: CompileOptions): string {
  switch (i.kind) {
    case 'voice':
      return `<audio src="${esc(opts.voiceFiles.get(i.voiceFileId) ?? '')}"/>`;
    case 'digits':
      return `<say-as interpret-as="digits">${esc(i.value)}</say-as>`;
    case 'number':
      return `<say-as interpret-as="number">${esc(i.value)}</say-as>`;
    case 'amount':
      return `<say-as interpret-as="amount">${esc(i.value)}</say-as>`;
    case 'voiceVariable':
      return `<audio expr="${esc(i.variable)}"/>`;
    case 'digitsVariable':
      return `<say-as interpret-as="digits"><value expr="${esc(i.variable)}"/></say-as>`;
    case 'numberVariable':
      return `<say-as interpret-as="number"><value expr="${esc(i.variable)}"/></say-as>`;
    case 'amountVariable':
      return `<say-as interpret-as="amount"><value expr="${esc(i.variable)}"/></say-as>`;
    case 'tts':
      return esc(i.text);
    case 'ttsVariable':
      return `<value expr="${esc(i.variable)}"/>`;
    case 'pause':
      return `<break time="${Math.round(i.seconds * 1000)}ms"/>`;
  }
}
