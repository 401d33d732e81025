/**
 * The client side of bench/cti-events.bench.ts, in its own process so the clients do not share the
 * server's event loop: opens one agent WebSocket per session token (read as JSON from stdin), and writes a
 * line per received `session` message: `<agentId> <state> <epoch ms with sub-ms precision>`.
 */
import { createInterface } from 'node:readline';

const input = JSON.parse(
  await new Promise<string>((resolve) => {
    let text = '';
    process.stdin.on('data', (d) => {
      text += d;
    });
    process.stdin.on('end', () => resolve(text));
  }),
) as { url: string; tokens: string[] };

const now = () => performance.timeOrigin + performance.now();
let open = 0;
const out: string[] = [];
const flush = () => {
  if (out.length > 0) process.stdout.write(`${out.splice(0).join('\n')}\n`);
};
setInterval(flush, 20).unref();
for (const token of input.tokens) {
  const ws = new WebSocket(input.url, { headers: { cookie: `rexian_session=${token}` } } as unknown as string[]);
  ws.addEventListener('message', (e) => {
    const t = now();
    const m = JSON.parse(String(e.data)) as { type: string; session?: { agentId: string; state: string } };
    if (m.type === 'session' && m.session) out.push(`${m.session.agentId} ${m.session.state} ${t.toFixed(3)}`);
  });
  ws.addEventListener('open', () => {
    open++;
    if (open === input.tokens.length) process.stderr.write('all-open\n');
  });
  ws.addEventListener('error', () => process.stderr.write('ws-error\n'));
}
createInterface({ input: process.stdin }).on('close', () => undefined);
