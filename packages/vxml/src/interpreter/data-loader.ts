import type { Executable } from '../parser/vxml-model.ts';
import type { XmlElement } from '../parser/xml-reader.ts';
import { readXml } from '../parser/xml-reader.ts';
import type { JsValue } from '../sandbox/script-sandbox.ts';
import { baseUri, resolveUri } from './document-loader.ts';
import { must } from './prompt-render.ts';
import type { Frame, Run } from './run-context.ts';
import { VxmlEvent } from './signals.ts';

/**
 * VoiceXML 2.1 <data>: fetches, then exposes the result to scripts. XML becomes a read-only DOM subset
 * (documentElement, childNodes, getElementsByTagName, getAttribute, textContent, nodeValue); JSON
 * (which many platforms accept as an extension) becomes a plain object.
 */
export async function loadData(run: Run, frame: Frame, e: Extract<Executable, { kind: 'data' }>): Promise<void> {
  const ref = e.src ?? must(run.sandbox.evalString(e.srcexpr ?? "''"));
  const url = resolveUri(ref, baseUri(frame.state));
  if (!url) throw new VxmlEvent('error.badfetch', `bad URI ${ref}`);
  const fields: Record<string, string> = {};
  for (const n of e.namelist ?? []) fields[n] = must(run.sandbox.evalString(n));
  const timeoutMs = e.fetchTimeoutMs ?? frame.props.timeMs('fetchtimeout', 5000);
  const text = await run.loader.fetchText({ url, method: e.method, kind: 'data', timeoutMs, ...(e.namelist ? { fields } : {}) });
  const value = parseData(text);
  if (value === undefined) throw new VxmlEvent('error.badfetch', `data from ${url} is neither XML nor JSON`);
  if (e.name === undefined) return;
  must(run.sandbox.declare(e.name));
  must(run.sandbox.assignValue(e.name, value.value));
  if (value.dom) must(run.sandbox.assign(e.name, `__rx.dom(${e.name})`));
}

function parseData(text: string): { value: JsValue; dom: boolean } | undefined {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return { value: JSON.parse(t) as JsValue, dom: false };
    } catch {
      return undefined;
    }
  }
  const x = readXml(t, { maxChars: 2_000_000, maxDepth: 64, maxElements: 50_000 });
  if (!x.ok) return undefined;
  const root = domOf(x.value);
  return { value: { nodeType: 9, nodeName: '#document', documentElement: null, childNodes: [root], attributes: {} }, dom: true };
}

function domOf(el: XmlElement): { [k: string]: JsValue } {
  const childNodes: JsValue[] = el.children.map((c) =>
    typeof c === 'string'
      ? { nodeType: 3, nodeName: '#text', nodeValue: c, textContent: c, childNodes: [], attributes: {} }
      : domOf(c),
  );
  const textContent = textOfDom(el);
  return {
    nodeType: 1,
    nodeName: el.name,
    tagName: el.name,
    attributes: { ...el.attrs },
    childNodes,
    textContent,
    nodeValue: null,
  };
}

function textOfDom(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOfDom(c))).join('');
}
