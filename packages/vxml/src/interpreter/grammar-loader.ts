import type { DtmfGrammar } from '../grammar/dtmf-grammar.ts';
import { anyOf, compileBuiltin, compileKeys } from '../grammar/dtmf-grammar.ts';
import { compileSrgs } from '../grammar/srgs-grammar.ts';
import type { FieldItem, GrammarRef } from '../parser/vxml-model.ts';
import { readXml } from '../parser/xml-reader.ts';
import type { JsValue } from '../sandbox/script-sandbox.ts';
import { baseUri, resolveUri } from './document-loader.ts';
import type { Frame, Run } from './run-context.ts';
import { VxmlEvent } from './signals.ts';

/** Compiled grammars per field node; documents are immutable, so this is safe across sessions. */
const cache = new WeakMap<FieldItem, DtmfGrammar>();

/** The field's grammars (type attribute, <grammar> children, <option>s) as one DTMF grammar. */
export async function fieldGrammar(run: Run, frame: Frame, item: FieldItem): Promise<DtmfGrammar> {
  const hit = cache.get(item);
  if (hit) return hit;
  const parts: DtmfGrammar[] = [];
  let cacheable = true;
  for (const g of item.grammars) {
    if (g.kind === 'external') cacheable = false;
    parts.push(await compileRef(run, frame, g));
  }
  if (item.options.length > 0) {
    const keys = new Map<string, JsValue>();
    for (const [i, o] of item.options.entries()) keys.set(o.dtmf ?? String(i + 1), o.value);
    parts.push(compileKeys(keys));
  }
  const g = parts.length === 1 ? (parts[0] as DtmfGrammar) : anyOf(parts);
  if (cacheable) cache.set(item, g);
  return g;
}

async function compileRef(run: Run, frame: Frame, g: GrammarRef): Promise<DtmfGrammar> {
  if (g.kind === 'builtin') {
    const r = compileBuiltin(g.type);
    if (!r.ok) throw new VxmlEvent('error.unsupported.builtin', r.error.message);
    return r.value;
  }
  let xml = g.kind === 'srgs' ? g.xml : undefined;
  if (g.kind === 'external') {
    const url = resolveUri(g.src, baseUri(frame.state));
    if (!url) throw new VxmlEvent('error.badfetch', `bad grammar URI ${g.src}`);
    const text = await run.loader.fetchText({
      url,
      method: 'get',
      kind: 'grammar',
      timeoutMs: frame.props.timeMs('fetchtimeout', 5000),
    });
    const parsed = readXml(text);
    if (!parsed.ok) throw new VxmlEvent('error.badfetch', `grammar ${url}: ${parsed.error.message}`);
    xml = parsed.value;
  }
  const r = compileSrgs(xml as NonNullable<typeof xml>);
  if (!r.ok) throw new VxmlEvent(g.kind === 'external' ? 'error.badfetch' : 'error.semantic', r.error.message);
  return r.value;
}
