import type { IvrNode, IvrProject, PlayItem } from './designer-model.ts';
import { menuKeys } from './designer-model.ts';

/** A problem shown on a node in the console's tree editor. */
export interface DesignerIssue {
  nodeId: string;
  field: string;
  message: string;
}

export interface ValidateOptions {
  /** Ids of the voice files in the library (§4.6.5). */
  voiceFileIds: ReadonlySet<string>;
  maxNodes?: number;
  maxDepth?: number;
}

export const builtinVariables = ['caller', 'called'] as const;
const reserved = new Set([
  'session',
  'application',
  'document',
  'dialog',
  'vars',
  'resp',
  'key',
  'digits',
  '__rx',
  'undefined',
  'null',
  'true',
  'false',
  'this',
]);
const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Checks a project; an empty list means it can be built. Pure; nothing is thrown. */
export function validateProject(p: IvrProject, opts: ValidateOptions): DesignerIssue[] {
  const issues: DesignerIssue[] = [];
  const add = (nodeId: string, field: string, message: string) => {
    if (issues.length < 200) issues.push({ nodeId, field, message });
  };
  if (p.name.trim() === '') add('project', 'name', '项目名称不能为空');
  if (p.timeoutQueue.trim() === '') add('project', 'timeoutQueue', '请填写超时转队列');
  const declared = new Set<string>(builtinVariables);
  for (const v of p.variables) {
    if (!identifier.test(v) || reserved.has(v)) add('project', 'variables', `变量名 "${v}" 不合法`);
    else if (declared.has(v)) add('project', 'variables', `变量名 "${v}" 重复`);
    declared.add(v);
  }
  const ids = new Set<string>();
  let count = 0;
  const walk = (n: IvrNode, depth: number, menuDepth: number) => {
    if (++count > (opts.maxNodes ?? 500)) {
      if (count === (opts.maxNodes ?? 500) + 1) add(n.id, 'tree', '节点过多');
      return;
    }
    if (depth > (opts.maxDepth ?? 32)) return add(n.id, 'tree', '层级过深');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(n.id)) add(n.id, 'id', '节点编号不合法');
    if (ids.has(n.id)) add(n.id, 'id', '节点编号重复');
    ids.add(n.id);
    if (n.name.trim() === '') add(n.id, 'name', '节点名称不能为空');
    validateNode(n, declared, opts, menuDepth, add);
    for (const c of children(n)) walk(c, depth + 1, n.kind === 'menu' ? menuDepth + 1 : menuDepth);
  };
  walk(p.root, 0, 0);
  return issues;
}

export function children(n: IvrNode): IvrNode[] {
  switch (n.kind) {
    case 'play':
      return n.next ? [n.next] : [];
    case 'menu':
      return n.keys.map((k) => k.next);
    case 'http':
      return [n.next, n.onError].filter((x): x is IvrNode => x !== undefined);
    case 'condition':
      return [...n.branches.map((b) => b.next), ...(n.otherwise ? [n.otherwise] : [])];
    default:
      return [];
  }
}

type Add = (nodeId: string, field: string, message: string) => void;

function validateNode(n: IvrNode, vars: ReadonlySet<string>, opts: ValidateOptions, menuDepth: number, add: Add): void {
  const checkVar = (field: string, v: string) => {
    if (!vars.has(v)) add(n.id, field, `变量 "${v}" 未定义`);
  };
  switch (n.kind) {
    case 'play':
      if (n.items.length === 0) add(n.id, 'items', '请添加播放内容');
      validateItems(n.id, n.items, vars, opts, add);
      return;
    case 'menu': {
      validateItems(n.id, n.items, vars, opts, add);
      validateItems(n.id, n.invalidItems ?? [], vars, opts, add);
      if (n.items.length === 0) add(n.id, 'items', '请添加播放内容');
      if (n.keys.length === 0) add(n.id, 'keys', '请至少设置一个按键');
      const seen = new Set<string>();
      for (const k of n.keys) {
        if (!(menuKeys as readonly string[]).includes(k.key)) add(n.id, 'keys', `按键 "${k.key}" 只能是 0-9 或 *`);
        if (seen.has(k.key)) add(n.id, 'keys', `按键 ${k.key} 重复`);
        seen.add(k.key);
      }
      if (n.timeoutSeconds !== undefined && !(n.timeoutSeconds >= 1 && n.timeoutSeconds <= 60))
        add(n.id, 'timeoutSeconds', '等待时间应为 1-60 秒');
      if (n.maxAttempts !== undefined && !(Number.isInteger(n.maxAttempts) && n.maxAttempts >= 1 && n.maxAttempts <= 9))
        add(n.id, 'maxAttempts', '重试次数应为 1-9');
      return;
    }
    case 'queue':
      if (!/^[\w.-]{1,64}$/.test(n.queue)) add(n.id, 'queue', '请选择队列');
      validateItems(n.id, n.items ?? [], vars, opts, add);
      return;
    case 'voicemail':
      if (!/^[\w.-]{1,64}$/.test(n.mailbox)) add(n.id, 'mailbox', '请选择语音信箱');
      validateItems(n.id, n.items ?? [], vars, opts, add);
      return;
    case 'hangup':
      validateItems(n.id, n.items ?? [], vars, opts, add);
      return;
    case 'http': {
      validateItems(n.id, n.items, vars, opts, add);
      if (!/^https?:\/\/[^\s]+$/.test(n.url)) add(n.id, 'url', '请填写 http(s) 地址');
      for (const v of n.send) checkVar('send', v);
      for (const v of n.receive) checkVar('receive', v);
      if (n.collect) {
        checkVar('collect.variable', n.collect.variable);
        const { minDigits: a, maxDigits: b } = n.collect;
        if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 1 && a <= b && b <= 32))
          add(n.id, 'collect', '收号位数应为 1-32 且最少不大于最多');
        if (n.items.length === 0) add(n.id, 'items', '收号前请添加提示音');
      }
      if (n.timeoutSeconds !== undefined && !(n.timeoutSeconds >= 1 && n.timeoutSeconds <= 30))
        add(n.id, 'timeoutSeconds', '超时应为 1-30 秒');
      return;
    }
    case 'condition':
      if (n.branches.length === 0) add(n.id, 'branches', '请至少设置一个条件');
      for (const b of n.branches) checkVar('branches', b.variable);
      return;
    case 'backToParent':
    case 'backToTop':
      if (menuDepth === 0) add(n.id, 'kind', '上级没有多项选择节点，无法返回');
      return;
  }
}

function validateItems(
  nodeId: string,
  items: readonly PlayItem[],
  vars: ReadonlySet<string>,
  opts: ValidateOptions,
  add: Add,
): void {
  for (const it of items) {
    switch (it.kind) {
      case 'voice':
        if (!opts.voiceFileIds.has(it.voiceFileId)) add(nodeId, 'items', `语音文件 ${it.voiceFileId} 不存在`);
        break;
      case 'digits':
        if (!/^[0-9*#]{1,64}$/.test(it.value)) add(nodeId, 'items', `数字 "${it.value}" 只能包含 0-9 * #`);
        break;
      case 'number':
      case 'amount':
        if (!/^-?\d{1,15}(\.\d{1,2})?$/.test(it.value)) add(nodeId, 'items', `"${it.value}" 不是有效的数目`);
        break;
      case 'tts':
        if (it.text.trim() === '' || it.text.length > 500) add(nodeId, 'items', 'TTS 内容应为 1-500 字');
        break;
      case 'pause':
        if (!(it.seconds > 0 && it.seconds <= 60)) add(nodeId, 'items', '暂停时间应为 0-60 秒');
        break;
      default:
        if (!vars.has(it.variable)) add(nodeId, 'items', `变量 "${it.variable}" 未定义`);
    }
  }
}
