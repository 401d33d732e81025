import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceEntry } from '../channel/trace.ts';
import type { CannedResponse } from '../fetch/static-fetcher.ts';
import { parseVxml } from '../parser/parse-vxml.ts';
import { runScripted } from '../testing/run-scripted.ts';
import { compileProject } from './designer-compiler.ts';
import type { IvrProject } from './designer-model.ts';
import { validateProject } from './designer-validate.ts';

const voiceFiles = new Map([['welcome', 'voice/welcome.wav']]);

/** One project that uses every node type and every play item type. */
function project(): IvrProject {
  return {
    id: 'p1',
    name: '客服热线',
    timeoutQueue: 'queue1',
    variables: ['acct', 'balance', 'custName', 'greetingAudio'],
    root: {
      kind: 'menu',
      id: 'main',
      name: '主菜单',
      interruptible: true,
      items: [
        { kind: 'voice', voiceFileId: 'welcome' },
        { kind: 'tts', text: '欢迎致电<热线>&"客服"。' },
        { kind: 'pause', seconds: 0.5 },
      ],
      keys: [
        {
          key: '1',
          next: {
            kind: 'http',
            id: 'query',
            name: '查询余额',
            url: 'http://crm.test/balance',
            method: 'post',
            interruptible: true,
            items: [{ kind: 'tts', text: '请输入账号，以井号结束。' }],
            collect: { variable: 'acct', minDigits: 4, maxDigits: 6 },
            send: ['acct'],
            receive: ['balance', 'custName'],
            next: {
              kind: 'play',
              id: 'say',
              name: '播报余额',
              interruptible: false,
              items: [
                { kind: 'ttsVariable', variable: 'custName' },
                { kind: 'tts', text: '，您的账号' },
                { kind: 'digitsVariable', variable: 'acct' },
                { kind: 'tts', text: '余额为' },
                { kind: 'amountVariable', variable: 'balance' },
                { kind: 'tts', text: '，共' },
                { kind: 'numberVariable', variable: 'balance' },
                { kind: 'tts', text: '。热线' },
                { kind: 'digits', value: '95588' },
                { kind: 'number', value: '12' },
                { kind: 'amount', value: '3.5' },
              ],
              next: {
                kind: 'condition',
                id: 'vip',
                name: '大客户?',
                branches: [
                  {
                    variable: 'balance',
                    op: 'ge',
                    value: '10000',
                    next: {
                      kind: 'queue',
                      id: 'vipq',
                      name: 'VIP',
                      queue: 'vip',
                      items: [{ kind: 'tts', text: '正在为您转接专属客服。' }],
                    },
                  },
                ],
                otherwise: { kind: 'hangup', id: 'bye', name: '再见', items: [{ kind: 'tts', text: '感谢来电，再见。' }] },
              },
            },
          },
        },
        { key: '2', next: { kind: 'queue', id: 'sales', name: '销售', queue: 'sales' } },
        {
          key: '3',
          next: { kind: 'voicemail', id: 'vm', name: '留言', mailbox: 'box1', items: [{ kind: 'tts', text: '请留言。' }] },
        },
        {
          key: '4',
          next: {
            kind: 'menu',
            id: 'sub',
            name: '子菜单',
            interruptible: true,
            items: [{ kind: 'tts', text: '子菜单。' }],
            keys: [
              {
                key: '1',
                next: {
                  kind: 'play',
                  id: 'subplay',
                  name: '子播放',
                  interruptible: true,
                  items: [
                    { kind: 'voiceVariable', variable: 'greetingAudio' },
                    { kind: 'tts', text: '子菜单内容。' },
                  ],
                  next: { kind: 'backToTop', id: 'top', name: '返回顶级' },
                },
              },
              { key: '9', next: { kind: 'backToParent', id: 'up', name: '返回上一级' } },
              { key: '0', next: { kind: 'hangup', id: 'subbye', name: '挂断' } },
            ],
          },
        },
        {
          key: '5',
          next: {
            kind: 'http',
            id: 'broken',
            name: '故障接口',
            url: 'http://crm.test/broken',
            method: 'get',
            interruptible: false,
            items: [],
            send: [],
            receive: [],
            onError: {
              kind: 'play',
              id: 'busy',
              name: '系统忙',
              interruptible: false,
              items: [{ kind: 'tts', text: '系统繁忙。' }],
            },
          },
        },
      ],
    },
  };
}

async function run(dtmf: string[], fetch: Record<string, CannedResponse> = {}) {
  const compiled = compileProject(project(), { voiceFiles });
  assert.ok(compiled.ok, compiled.ok ? '' : JSON.stringify(compiled.error));
  if (!compiled.ok) throw new Error('unreachable');
  return runScripted({
    document: { uri: 'http://ivr.test/p1.vxml', text: compiled.value },
    script: { dtmf },
    fetch,
    fetchAudio: false,
  });
}

const prompts = (t: TraceEntry[]) => t.filter((e) => e.type === 'prompt').map((e) => (e.text as string[]).join('|'));
const transfers = (t: TraceEntry[]) => t.filter((e) => e.type === 'transfer' && e.outcome).map((e) => e.dest);
const dialogs = (t: TraceEntry[]) => t.filter((e) => e.type === 'dialog').map((e) => e.dialog);

test('the compiled project is valid VoiceXML and user text is escaped', () => {
  const compiled = compileProject(project(), { voiceFiles });
  assert.ok(compiled.ok);
  if (!compiled.ok) return;
  assert.match(compiled.value, /欢迎致电&lt;热线&gt;&amp;&quot;客服&quot;。/);
  const parsed = parseVxml(compiled.value);
  assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.error.details));
});

test('menu → HTTP interaction (digit collection) → play with every item type → condition → queue', async () => {
  const r = await run(['1', '123456'], {
    'http://crm.test/balance': { body: '{"balance":"12000.5","custName":"张三"}', contentType: 'application/json' },
  });
  const fetch = r.trace.find((e) => e.type === 'fetch' && e.url === 'http://crm.test/balance');
  assert.deepEqual(fetch?.fields, { caller: '13800138000', called: '4008001000', acct: '123456' });
  assert.equal(fetch?.method, 'post');
  const p = prompts(r.trace);
  assert.equal(p[0], 'audio:http://ivr.test/voice/welcome.wav|欢迎致电<热线>&"客服"。|break:500');
  assert.equal(p[1], '请输入账号，以井号结束。');
  assert.equal(
    p[2],
    '张三，您的账号一二三四五六余额为一万两千元五角，共一万两千点五。热线九五五八八十二三元五角|正在为您转接专属客服。',
  );
  assert.deepEqual(transfers(r.trace), ['queue:vip']);
  assert.equal(r.result.reason, 'transfer');
  const say = r.trace.find((e) => e.type === 'prompt' && (e.text as string[])[0]?.startsWith('张三'));
  assert.equal(say?.bargein, false);
});

test('condition otherwise → hang-up node plays its items and hangs up', async () => {
  const r = await run(['1', '1234#'], { 'http://crm.test/balance': { body: '{"balance":"88","custName":"李四"}' } });
  assert.deepEqual(
    dialogs(r.trace).slice(-2),
    ['vip', 'bye'].map((id) => `n_${id}`),
  );
  assert.match(prompts(r.trace).at(-1) ?? '', /感谢来电，再见。$/);
  assert.equal(r.result.reason, 'hangup');
  assert.ok(r.trace.some((e) => e.type === 'hangup' && e.by === 'application'));
});

test('to queue and to voicemail are blind transfers', async () => {
  const q = await run(['2']);
  assert.deepEqual(transfers(q.trace), ['queue:sales']);
  assert.equal(q.result.reason, 'transfer');
  const vm = await run(['3']);
  assert.deepEqual(transfers(vm.trace), ['voicemail:box1']);
  assert.equal(prompts(vm.trace).at(-1), '请留言。');
});

test('back to parent and back to top return to the right menus', async () => {
  const r = await run(['4', '9', '4', '1']);
  assert.deepEqual(dialogs(r.trace), ['n_main', 'n_sub', 'n_up', 'n_main', 'n_sub', 'n_subplay', 'n_top', 'n_main']);
  // The voice variable is unset, so only the TTS item is heard (VoiceXML ignores an undefined audio expr).
  assert.ok(prompts(r.trace).some((p) => p.startsWith('子菜单内容。')));
  assert.equal(r.result.reason, 'hangup');
});

test('time-out and wrong keys go to the project time-out queue after the allowed attempts', async () => {
  const r = await run(['noinput', '7', 'noinput']);
  assert.ok(prompts(r.trace).some((p) => p.startsWith('输入有误，请重新输入。')));
  assert.deepEqual(transfers(r.trace), ['queue:queue1']);
  assert.deepEqual(dialogs(r.trace).at(-1), 'rx_timeout');
});

test('a failing HTTP interaction goes to its error branch', async () => {
  const r = await run(['5']);
  assert.ok(
    r.trace.some((e) => e.type === 'fetch' && e.url?.toString().startsWith('http://crm.test/broken') && e.result === 'error'),
  );
  assert.equal(prompts(r.trace).at(-1), '系统繁忙。');
  assert.equal(r.result.reason, 'exit');
});

test('sub-menu hang-up node', async () => {
  const r = await run(['4', '0']);
  assert.equal(dialogs(r.trace).at(-1), 'n_subbye');
  assert.equal(r.result.reason, 'hangup');
});

test('validation reports problems on the offending node', () => {
  const p = project();
  p.timeoutQueue = '';
  p.variables.push('session', 'acct');
  const main = p.root;
  assert.equal(main.kind, 'menu');
  if (main.kind !== 'menu') return;
  main.keys.push({ key: '1', next: { kind: 'queue', id: 'dup', name: '', queue: '' } });
  main.keys.push({
    key: '#' as never,
    next: {
      kind: 'play',
      id: 'x',
      name: 'x',
      interruptible: true,
      items: [
        { kind: 'voice', voiceFileId: 'nope' },
        { kind: 'digitsVariable', variable: 'ghost' },
        { kind: 'pause', seconds: 100 },
      ],
    },
  });
  const issues = validateProject(p, { voiceFileIds: new Set(['welcome']) });
  const where = (nodeId: string, field: string) => issues.some((i) => i.nodeId === nodeId && i.field === field);
  assert.ok(where('project', 'timeoutQueue'));
  assert.ok(issues.some((i) => i.field === 'variables' && i.message.includes('session')));
  assert.ok(issues.some((i) => i.field === 'variables' && i.message.includes('重复')));
  assert.ok(where('main', 'keys'));
  assert.ok(issues.some((i) => i.nodeId === 'main' && i.message.includes('按键 1 重复')));
  assert.ok(issues.some((i) => i.nodeId === 'main' && i.message.includes('"#"')));
  assert.ok(where('dup', 'name') && where('dup', 'queue'));
  assert.equal(issues.filter((i) => i.nodeId === 'x' && i.field === 'items').length, 3);
  const lone: IvrProject = {
    id: 'p',
    name: 'p',
    timeoutQueue: 'q',
    variables: [],
    root: { kind: 'backToTop', id: 't', name: 't' },
  };
  assert.ok(validateProject(lone, { voiceFileIds: new Set() }).some((i) => i.nodeId === 't' && i.field === 'kind'));
  assert.ok(!compileProject(p, { voiceFiles }).ok);
});

test('try it: the console panel runs a project against typed digits', async () => {
  const { tryProject } = await import('./designer-try.ts');
  const r = await tryProject(project(), { voiceFiles, dtmf: ['2'] });
  assert.ok(r.ok);
  if (r.ok) {
    assert.match(r.value.vxml, /<vxml version="2.1"/);
    assert.deepEqual(transfers(r.value.trace), ['queue:sales']);
  }
  const bad = await tryProject({ ...project(), timeoutQueue: '' }, { voiceFiles, dtmf: [] });
  assert.ok(!bad.ok && bad.error.some((i) => i.field === 'timeoutQueue'));
});
