import type { AppError, Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';
import { invalidDocument, VxmlErrorCode } from '../errors.ts';
import { buildExecutables } from './build-content.ts';
import { BuildContext } from './build-context.ts';
import { buildCatch, buildForm, buildMenu, buildProperty, isCatchElement } from './build-dialog.ts';
import type { DialogNode, VxmlDocument } from './vxml-model.ts';
import type { XmlLimits } from './xml-reader.ts';
import { childElements, defaultXmlLimits, readXml } from './xml-reader.ts';

/**
 * Parses a VoiceXML 2.0/2.1 document into the typed tree. Never throws: a syntax problem or any
 * validation issue comes back as one AppError whose details list every issue with line and column.
 */
export function parseVxml(text: string, limits: XmlLimits = defaultXmlLimits): Result<VxmlDocument, AppError> {
  const xml = readXml(text, limits);
  if (!xml.ok) return xml;
  const root = xml.value;
  const ctx = new BuildContext();
  if (root.name !== 'vxml') {
    return err(invalidDocument(`root element must be <vxml>, found <${root.name}>`, ctx.pos(root)));
  }
  const version = root.attrs.version ?? '';
  if (version !== '2.0' && version !== '2.1') ctx.issue(root, 'version must be "2.0" or "2.1"');
  const doc: VxmlDocument = { kind: 'vxml', version, init: [], catches: [], properties: {}, dialogs: [], pos: ctx.pos(root) };
  if (root.attrs['xml:base'] !== undefined) doc.base = root.attrs['xml:base'];
  if (root.attrs.application !== undefined) doc.application = root.attrs.application;
  if (root.attrs['xml:lang'] !== undefined) doc.lang = root.attrs['xml:lang'];
  const props: Record<string, string> = {};
  const ids = new Set<string>();
  let anon = 0;
  for (const c of childElements(root)) {
    if (c.name === 'var' || c.name === 'script' || c.name === 'data') doc.init.push(...buildExecutables(ctx, [c]));
    else if (isCatchElement(c)) doc.catches.push(buildCatch(ctx, c));
    else if (c.name === 'property') buildProperty(ctx, c, props);
    else if (c.name === 'meta' || c.name === 'metadata') continue;
    else if (c.name === 'form' || c.name === 'menu') {
      const id = c.attrs.id ?? `$dialog${++anon}`;
      if (ids.has(id)) ctx.issue(c, `duplicate dialog id "${id}"`);
      ids.add(id);
      const d: DialogNode = c.name === 'form' ? buildForm(ctx, c, id) : buildMenu(ctx, c, id);
      doc.dialogs.push(d);
    } else ctx.issue(c, 'not allowed in <vxml>');
  }
  doc.properties = props;
  if (doc.dialogs.length === 0) ctx.issue(root, 'document has no <form> or <menu>');
  checkLocalTargets(ctx, doc, ids);
  if (ctx.issues.length > 0) {
    const first = ctx.issues[0];
    const e = invalidDocument(
      `${ctx.issues.length} problem(s); first: ${first?.message ?? ''}`,
      first ? { line: first.line, column: first.column } : undefined,
      VxmlErrorCode.Invalid,
    );
    (e.details as Record<string, unknown>).issues = ctx.issues;
    return err(e);
  }
  return ok(doc);
}

/** `<goto next="#id">` to a dialog that does not exist is caught at load time, not on the call. */
function checkLocalTargets(ctx: BuildContext, doc: VxmlDocument, ids: Set<string>): void {
  const visit = (next: string | undefined, line: number, column: number) => {
    if (next?.startsWith('#') && !ids.has(next.slice(1))) {
      if (ctx.issues.length < 100) ctx.issues.push({ message: `target ${next} is not a dialog of this document`, line, column });
    }
  };
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if ((o.kind === 'goto' || o.kind === 'subdialog') && o.pos) {
        const p = o.pos as { line: number; column: number };
        visit((o.next ?? o.src) as string | undefined, p.line, p.column);
      }
      if (o.kind === undefined && 'next' in o && o.pos && !('mode' in o)) {
        const p = o.pos as { line: number; column: number };
        visit(o.next as string | undefined, p.line, p.column);
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'xml' && k !== 'pos') walk(v);
    }
  };
  walk(doc.dialogs);
  walk(doc.catches);
}
