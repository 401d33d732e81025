import type { Attribute, Bandwidth, Connection, MediaDescription, SessionDescription } from './sdp-model.ts';

/** Serialize in the field order RFC 4566 §5 requires, with CRLF line ends. */
export function serializeSdp(s: SessionDescription): string {
  const out: string[] = [];
  const o = s.origin;
  out.push(`v=${s.version}`);
  out.push(`o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`);
  out.push(`s=${s.sessionName.length > 0 ? s.sessionName : '-'}`);
  if (s.information !== undefined) out.push(`i=${s.information}`);
  if (s.uri !== undefined) out.push(`u=${s.uri}`);
  for (const e of s.emails) out.push(`e=${e}`);
  for (const p of s.phones) out.push(`p=${p}`);
  if (s.connection) out.push(connectionLine(s.connection));
  pushBandwidths(out, s.bandwidths);
  const timing = s.timing.length > 0 ? s.timing : [{ start: '0', stop: '0', repeats: [] }];
  for (const t of timing) {
    out.push(`t=${t.start} ${t.stop}`);
    for (const r of t.repeats) out.push(`r=${r}`);
  }
  if (s.timeZones !== undefined) out.push(`z=${s.timeZones}`);
  if (s.key !== undefined) out.push(`k=${s.key}`);
  pushAttributes(out, s.attributes);
  for (const m of s.media) pushMedia(out, m);
  return `${out.join('\r\n')}\r\n`;
}

function pushMedia(out: string[], m: MediaDescription): void {
  const port = m.portCount === undefined ? `${m.port}` : `${m.port}/${m.portCount}`;
  out.push(`m=${m.type} ${port} ${m.protocol} ${m.formats.join(' ')}`);
  if (m.information !== undefined) out.push(`i=${m.information}`);
  if (m.connection) out.push(connectionLine(m.connection));
  pushBandwidths(out, m.bandwidths);
  if (m.key !== undefined) out.push(`k=${m.key}`);
  pushAttributes(out, m.attributes);
}

function connectionLine(c: Connection): string {
  let addr = c.address;
  if (c.ttl !== undefined) addr += `/${c.ttl}`;
  if (c.count !== undefined) addr += `/${c.count}`;
  return `c=${c.netType} ${c.addrType} ${addr}`;
}

function pushBandwidths(out: string[], list: Bandwidth[]): void {
  for (const b of list) out.push(`b=${b.type}:${b.value}`);
}

function pushAttributes(out: string[], list: Attribute[]): void {
  for (const a of list) out.push(a.value === undefined ? `a=${a.name}` : `a=${a.name}:${a.value}`);
}
