/**
 * The IVR designer's model (manual §4.6.7): a project is a tree of nodes starting at the "Initial
 * Step". Plain data — the console edits it, the database stores it as JSON, the compiler turns it
 * into VoiceXML ("构建 VXML").
 */

/** Play content (播放类型): 语音, 数字, 数目, 金额, 语音/数字/数目/金额变量, TTS 内容, TTS 变量, 暂停时间. */
export type PlayItem =
  | { kind: 'voice'; voiceFileId: string }
  | { kind: 'digits'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'amount'; value: string }
  | { kind: 'voiceVariable'; variable: string }
  | { kind: 'digitsVariable'; variable: string }
  | { kind: 'numberVariable'; variable: string }
  | { kind: 'amountVariable'; variable: string }
  | { kind: 'tts'; text: string }
  | { kind: 'ttsVariable'; variable: string }
  | { kind: 'pause'; seconds: number };

export type PlayItemKind = PlayItem['kind'];

/** Menu keys (按键信息): 0–9 and *. "#" ends input, so it is not a key. */
export const menuKeys = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*'] as const;
export type MenuKey = (typeof menuKeys)[number];

interface NodeBase {
  /** Unique within the project; stable across edits (the console's tree uses it). */
  id: string;
  /** 名称 */
  name: string;
}

interface Prompted {
  items: PlayItem[];
  /** 可被打断: the caller may interrupt the prompt with a key. */
  interruptible: boolean;
}

/** 声音播放 */
export interface PlayNode extends NodeBase, Prompted {
  kind: 'play';
  next?: IvrNode;
}

/** 多项选择 */
export interface MenuNode extends NodeBase, Prompted {
  kind: 'menu';
  keys: { key: MenuKey; next: IvrNode }[];
  /** Seconds to wait for a key (default 5). */
  timeoutSeconds?: number;
  /** No-input / wrong-key attempts before the project's time-out queue (default 3). */
  maxAttempts?: number;
  /** Played on a wrong key (default TTS "输入有误"). */
  invalidItems?: PlayItem[];
}

/** 转队列 */
export interface QueueNode extends NodeBase {
  kind: 'queue';
  queue: string;
  items?: PlayItem[];
}

/** 转留言 */
export interface VoicemailNode extends NodeBase {
  kind: 'voicemail';
  mailbox: string;
  items?: PlayItem[];
}

/** 挂断 */
export interface HangupNode extends NodeBase {
  kind: 'hangup';
  items?: PlayItem[];
}

/** Digit collection (允许收号 / 收号变量名) for an HTTP interaction. */
export interface DigitCollection {
  variable: string;
  minDigits: number;
  maxDigits: number;
  timeoutSeconds?: number;
}

/**
 * HTTP 交互: optionally collect digits into a named variable, call the URL with the chosen variables,
 * and copy fields of the JSON answer into variables. A failed call goes to `onError` (default: the
 * project's time-out queue).
 */
export interface HttpNode extends NodeBase, Prompted {
  kind: 'http';
  url: string;
  method: 'get' | 'post';
  collect?: DigitCollection;
  /** Variables sent as form fields ("caller" and "called" are always available). */
  send: string[];
  /** JSON fields copied into variables of the same name. */
  receive: string[];
  timeoutSeconds?: number;
  next?: IvrNode;
  onError?: IvrNode;
}

export type ConditionOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'empty' | 'notEmpty';

/** 流程判断: the first branch whose test holds is taken; otherwise `otherwise` (or the call ends). */
export interface ConditionNode extends NodeBase {
  kind: 'condition';
  branches: { variable: string; op: ConditionOp; value: string; next: IvrNode }[];
  otherwise?: IvrNode;
}

/** 返回上一级: back to the menu above the menu this branch belongs to. */
export interface BackToParentNode extends NodeBase {
  kind: 'backToParent';
}

/** 返回顶级: back to the Initial Step. */
export interface BackToTopNode extends NodeBase {
  kind: 'backToTop';
}

export type IvrNode =
  | PlayNode
  | MenuNode
  | QueueNode
  | VoicemailNode
  | HangupNode
  | HttpNode
  | ConditionNode
  | BackToParentNode
  | BackToTopNode;
export type IvrNodeKind = IvrNode['kind'];

/** IVR 项目 */
export interface IvrProject {
  id: string;
  name: string;
  /** 超时转队列: callers who never answer a menu (or keep pressing wrong keys) go to this queue. */
  timeoutQueue: string;
  /** Variables the flow uses besides the built-ins caller/called (declared once, document scope). */
  variables: string[];
  /** The Initial Step. */
  root: IvrNode;
}

/** 语音文件 (§4.6.5): uploaded once, converted to the engine's 8 kHz WAV, played and downloaded online. */
export interface VoiceFile {
  id: string;
  name: string;
  /** Stored file name of the converted 8 kHz 16-bit mono WAV. */
  fileName: string;
  originalFileName: string;
  durationMs: number;
  createdAt: string;
}

/** IVR 配置 (§4.6.8): an IVR number bound to an uploaded or built VoiceXML document. */
export interface IvrConfig {
  /** ivr 号码 */
  number: string;
  /** ivr 名称 */
  name: string;
  /** vxml 文件: uploaded by an operator, or built from a designer project. */
  source: { kind: 'uploaded'; fileName: string } | { kind: 'built'; projectId: string; builtAt: string };
  /** 备注 */
  notes: string;
}

/** Ports the server implements with the database and file storage. */
export interface IvrProjectRepository {
  get(id: string): Promise<IvrProject | undefined>;
  list(): Promise<IvrProject[]>;
  save(project: IvrProject): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface VoiceFileStore {
  list(): Promise<VoiceFile[]>;
  /** Converts (once) to 8 kHz WAV and stores; returns the record. */
  add(name: string, originalFileName: string, bytes: Uint8Array): Promise<VoiceFile>;
  read(id: string): Promise<Uint8Array | undefined>;
  delete(id: string): Promise<void>;
}

export interface IvrConfigRepository {
  list(): Promise<IvrConfig[]>;
  byNumber(number: string): Promise<IvrConfig | undefined>;
  save(config: IvrConfig, vxml: string): Promise<void>;
  delete(number: string): Promise<void>;
}
