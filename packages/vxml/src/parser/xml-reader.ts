import type { AppError, Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';
import { SaxesParser } from 'saxes';
import { invalidDocument, VxmlErrorCode } from '../errors.ts';

/** A plain XML element with its position; text children are strings. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  readonly line: number;
  readonly column: number;
}
export type XmlNode = XmlElement | string;

export interface XmlLimits {
  /** Maximum document size in characters. */
  maxChars: number;
  maxDepth: number;
  maxElements: number;
}

export const defaultXmlLimits: XmlLimits = { maxChars: 1_000_000, maxDepth: 64, maxElements: 20_000 };

interface Building {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  line: number;
  column: number;
}

/**
 * Reads XML into plain elements. Untrusted input never throws out of here. saxes resolves no
 * external entities at all; we additionally refuse any DOCTYPE with an internal subset (the only
 * place entity declarations could hide) and ignore a plain DOCTYPE such as the VoiceXML 2.1 one.
 */
export function readXml(text: string, limits: XmlLimits = defaultXmlLimits): Result<XmlElement, AppError> {
  if (text.length > limits.maxChars) {
    return err(
      invalidDocument(`document is ${text.length} characters, limit ${limits.maxChars}`, undefined, VxmlErrorCode.XmlTooLarge),
    );
  }
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  let failure: AppError | undefined;
  let count = 0;
  let tagLine = 1;
  let tagColumn = 1;
  const fail = (e: AppError) => {
    failure ??= e;
  };
  const pos = () => ({ line: parser.line, column: parser.column + 1 });
  parser.on('error', (e) => fail(invalidDocument(`XML: ${stripPosition(e.message)}`, pos(), VxmlErrorCode.XmlSyntax)));
  parser.on('doctype', (d) => {
    if (d.includes('[') || /ENTITY/i.test(d)) {
      fail(
        invalidDocument(
          'DOCTYPE with an internal subset or ENTITY declarations is refused',
          pos(),
          VxmlErrorCode.XmlDoctypeRejected,
        ),
      );
    }
  });
  parser.on('opentagstart', () => {
    tagLine = parser.line;
    tagColumn = parser.column;
  });
  parser.on('opentag', (tag) => {
    count++;
    if (count > limits.maxElements)
      fail(invalidDocument(`more than ${limits.maxElements} elements`, pos(), VxmlErrorCode.XmlTooManyNodes));
    if (stack.length >= limits.maxDepth)
      fail(invalidDocument(`nesting deeper than ${limits.maxDepth}`, pos(), VxmlErrorCode.XmlTooDeep));
    const attrs: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = v;
    // saxes reports the column after "<name"; point at the "<" instead.
    stack.push({ name: tag.name, attrs, children: [], line: tagLine, column: Math.max(1, tagColumn - tag.name.length - 1) });
  });
  parser.on('closetag', () => {
    const done = stack.pop();
    if (!done) return;
    const el: XmlElement = done;
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
  });
  const addText = (t: string) => {
    const parent = stack[stack.length - 1];
    if (parent && t.length > 0) parent.children.push(t);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    parser.write(text);
    if (!failure) parser.close();
  } catch (e) {
    // saxes only throws when no error handler is installed; kept as a guard so nothing escapes.
    fail(invalidDocument(`XML: ${e instanceof Error ? e.message : String(e)}`, pos(), VxmlErrorCode.XmlSyntax));
  }
  if (failure) return err(failure);
  if (!root) return err(invalidDocument('no root element', pos(), VxmlErrorCode.XmlSyntax));
  return ok(root);
}

function stripPosition(message: string): string {
  return message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
}

/** The concatenated text of an element (for script bodies, tags, log text). */
export function textOf(el: XmlElement): string {
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? c : textOf(c);
  return out;
}

export function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string');
}
