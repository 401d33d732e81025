// The agent SDK demo: plain DOM code over @rexian/agent-sdk. Served by Vite (see docs/agent-sdk.md, "Demo"),
// which compiles the SDK's TypeScript and proxies /api to the server, so the page and the API share an origin
// and the browser keeps the session cookie by itself.
import { AgentApiError, createAgentClient } from '../src/index.ts';

const $ = (id) => document.getElementById(id);
const client = createAgentClient({ locale: navigator.language.startsWith('en') ? 'en-US' : 'zh-CN' });
let stream;

function log(text) {
  const line = `${new Date().toLocaleTimeString()}  ${text}\n`;
  $('log').textContent = line + $('log').textContent;
}

function showError(e) {
  $('error').textContent = e ? `${e.code ?? 'ERROR'}: ${e.message}` : '';
}

/** Buttons allowed in each state (a sketch of the agent bar's rules; the server checks them anyway). */
function render(session) {
  $('state').textContent = session.state;
  const call = session.call;
  $('detail').textContent = [
    session.extension ? `分机 ${session.extension}` : '只监控 (monitor only)',
    call ? `${call.direction === 'inbound' ? '呼入' : '呼出'} ${call.caller} → ${call.callee} (${call.state})` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const signedIn = session.state !== 'signed-out';
  const onCall = Boolean(call);
  for (const b of document.querySelectorAll('[data-state]')) b.disabled = !signedIn || onCall;
  const enable = {
    'sign-in': !signedIn,
    'sign-out': signedIn && !onCall,
    hangup: onCall,
    hold: onCall && call.state === 'talking',
    unhold: onCall && call.state === 'held',
    transfer: onCall && call.state !== 'ringing',
    dial: signedIn && Boolean(session.extension) && !onCall,
    logout: true,
  };
  for (const b of document.querySelectorAll('[data-action]')) b.disabled = !enable[b.dataset.action];
  if (!onCall) $('pop').hidden = true;
}

function screenPop(e) {
  const c = e.call;
  $('pop').hidden = false;
  $('pop-body').textContent =
    `${c.direction === 'inbound' ? '来电' : '去电'} ${c.caller}` +
    (c.queueName ? ` · 队列 ${c.queueName}` : '') +
    (c.accessNumber ? ` · 接入号 ${c.accessNumber}` : '');
  $('pop-url').hidden = !e.popUrl;
  if (e.popUrl) $('pop-url').href = e.popUrl;
}

function openStream() {
  stream?.close();
  stream = client.connect();
  stream.on('event', (e) => log(`${e.type} ${JSON.stringify(e.type === 'session' ? e.session : e)}`));
  stream.on('session', (e) => render(e.session));
  stream.on('call.ringing', screenPop);
  stream.on('open', () => {
    $('stream-status').textContent = '● 已连接 (connected)';
  });
  stream.on('reconnecting', (r) => {
    $('stream-status').textContent = `○ ${r.delayMs} ms 后重连 (reconnecting #${r.attempt})`;
  });
  stream.on('error', (e) => {
    log(`error ${e.code} ${e.message}`);
    if (stream.status === 'closed') $('stream-status').textContent = '✕ 已断开 (closed)';
  });
}

async function run(action) {
  showError(undefined);
  try {
    const session = await action();
    if (session?.state) render(session);
  } catch (e) {
    showError(e);
  }
}

async function enter() {
  const who = await client.me();
  $('who').textContent = `${who.username}`;
  $('login-box').hidden = true;
  $('agent-box').hidden = false;
  render(await client.session());
  openStream();
}

$('login').addEventListener('submit', (ev) => {
  ev.preventDefault();
  void run(async () => {
    const me = await client.login($('username').value, $('password').value);
    if (me.mustChangePassword) {
      const next = $('new-password').value;
      if (!next) {
        $('new-password-box').hidden = false;
        throw new AgentApiError('AUTH_PASSWORD_CHANGE_REQUIRED', '请填写新密码 (enter a new password)');
      }
      await client.changePassword($('password').value, next);
    }
    await enter();
  });
});

for (const b of document.querySelectorAll('[data-state]')) {
  b.addEventListener('click', () => void run(() => client.setState(b.dataset.state)));
}

const actions = {
  'sign-in': () => {
    const ext = $('extension').value.trim();
    return client.signIn($('monitor').checked ? { extension: null } : ext ? { extension: ext } : {});
  },
  'sign-out': () => client.signOut(),
  hangup: () => client.hangup(),
  hold: () => client.hold(),
  unhold: () => client.unhold(),
  transfer: () => client.transfer({ kind: 'agent', agentNumber: $('transfer-to').value.trim() }),
  dial: async () => {
    const { callId } = await client.dial({ kind: 'number', number: $('dial-to').value.trim() });
    log(`dialling, call ${callId}`);
  },
  logout: async () => {
    stream?.close();
    await client.logout();
    location.reload();
  },
};
for (const b of document.querySelectorAll('[data-action]')) {
  b.addEventListener('click', () => void run(actions[b.dataset.action]));
}

// Already signed in to the console in this browser? Go straight to the agent panel.
void client
  .me()
  .then(() => enter())
  .catch(() => undefined);
