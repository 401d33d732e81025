/**
 * The typed VoiceXML tree: plain data, no behaviour. Every node keeps its source position so run-time
 * errors can point at the document line.
 */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

export type SayAsKind = 'digits' | 'number' | 'amount' | 'date' | 'time' | 'characters';

/** Prompt content (what may appear inside <prompt>, and bare inside <block>/<field>). */
export type PromptContent =
  | { kind: 'text'; text: string }
  | { kind: 'audio'; src?: string; expr?: string; fallback: PromptContent[]; pos: Pos }
  | { kind: 'value'; expr: string; pos: Pos }
  | { kind: 'say-as'; interpretAs: SayAsKind; format?: string; content: PromptContent[]; pos: Pos }
  | { kind: 'break'; timeMs: number }
  | { kind: 'enumerate'; content: PromptContent[] }
  | { kind: 'foreach'; array: string; item: string; content: PromptContent[]; pos: Pos };

export interface PromptNode {
  kind: 'prompt';
  count: number;
  cond?: string;
  bargein?: boolean;
  timeoutMs?: number;
  content: PromptContent[];
  pos: Pos;
}

export interface Param {
  name: string;
  expr?: string;
  value?: string;
}

export type Executable =
  | { kind: 'var'; name: string; expr?: string; pos: Pos }
  | { kind: 'assign'; name: string; expr: string; pos: Pos }
  | { kind: 'clear'; namelist?: string[]; pos: Pos }
  | { kind: 'if'; branches: { cond?: string; body: Executable[] }[]; pos: Pos }
  | { kind: 'goto'; next?: string; expr?: string; nextitem?: string; expritem?: string; pos: Pos }
  | {
      kind: 'submit';
      next?: string;
      expr?: string;
      namelist?: string[];
      method: 'get' | 'post';
      fetchTimeoutMs?: number;
      pos: Pos;
    }
  | {
      kind: 'data';
      name?: string;
      src?: string;
      srcexpr?: string;
      namelist?: string[];
      method: 'get' | 'post';
      fetchTimeoutMs?: number;
      pos: Pos;
    }
  | { kind: 'exit'; expr?: string; namelist?: string[]; pos: Pos }
  | { kind: 'return'; event?: string; eventexpr?: string; namelist?: string[]; pos: Pos }
  | { kind: 'disconnect'; pos: Pos }
  | { kind: 'reprompt'; pos: Pos }
  | { kind: 'throw'; event?: string; eventexpr?: string; message?: string; messageexpr?: string; pos: Pos }
  | { kind: 'log'; label?: string; expr?: string; content: PromptContent[]; pos: Pos }
  | { kind: 'script'; src?: string; body: string; pos: Pos }
  | { kind: 'foreach'; array: string; item: string; body: Executable[]; pos: Pos }
  | { kind: 'prompt'; prompt: PromptNode };

export interface CatchNode {
  /** Event names (space-separated in the source); empty means "catch everything". */
  events: string[];
  count: number;
  cond?: string;
  body: Executable[];
  pos: Pos;
}

export interface FilledNode {
  mode: 'all' | 'any';
  namelist?: string[];
  body: Executable[];
  pos: Pos;
}

export type Properties = Readonly<Record<string, string>>;

/** Grammar references as written; compiled into matchers by the grammar module. */
export type GrammarRef =
  | { kind: 'builtin'; type: string; pos: Pos }
  | { kind: 'srgs'; xml: import('./xml-reader.ts').XmlElement; pos: Pos }
  | { kind: 'external'; src: string; pos: Pos };

interface ItemBase {
  name: string;
  expr?: string;
  cond?: string;
  prompts: PromptNode[];
  catches: CatchNode[];
  filleds: FilledNode[];
  properties: Properties;
  pos: Pos;
}

export interface FieldItem extends ItemBase {
  kind: 'field';
  grammars: GrammarRef[];
  /** <option> children: dtmf key → value. */
  options: { dtmf?: string; value: string; text: string }[];
}
export interface BlockItem extends ItemBase {
  kind: 'block';
  body: Executable[];
}
export interface RecordItem extends ItemBase {
  kind: 'record';
  beep: boolean;
  maxTimeMs: number;
  finalSilenceMs: number;
  dtmfTerm: boolean;
  type: string;
}
export interface TransferItem extends ItemBase {
  kind: 'transfer';
  dest?: string;
  destexpr?: string;
  mode: 'blind' | 'bridge' | 'consultation';
  connectTimeoutMs: number;
  maxTimeMs: number;
}
export interface SubdialogItem extends ItemBase {
  kind: 'subdialog';
  src?: string;
  srcexpr?: string;
  namelist?: string[];
  params: Param[];
  method: 'get' | 'post';
}
export type FormItem = FieldItem | BlockItem | RecordItem | TransferItem | SubdialogItem;

export interface FormNode {
  kind: 'form';
  id: string;
  /** var and script children, in document order, run when the form is entered. */
  init: Executable[];
  items: FormItem[];
  catches: CatchNode[];
  filleds: FilledNode[];
  properties: Properties;
  pos: Pos;
}

export interface ChoiceNode {
  dtmf?: string;
  next?: string;
  expr?: string;
  event?: string;
  content: PromptContent[];
  pos: Pos;
}
export interface MenuNode {
  kind: 'menu';
  id: string;
  dtmf: boolean;
  prompts: PromptNode[];
  choices: ChoiceNode[];
  catches: CatchNode[];
  properties: Properties;
  pos: Pos;
}
export type DialogNode = FormNode | MenuNode;

export interface VxmlDocument {
  kind: 'vxml';
  version: string;
  base?: string;
  application?: string;
  lang?: string;
  /** Document-level var and script, in order. */
  init: Executable[];
  catches: CatchNode[];
  properties: Properties;
  dialogs: DialogNode[];
  pos: Pos;
}
