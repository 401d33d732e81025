import type { Clock, Logger } from '@rexian/kernel';
import type { Channel, PromptSegment } from '../channel/channel-port.ts';
import type { TraceSink } from '../channel/trace.ts';
import type { Fetcher } from '../fetch/fetcher-port.ts';
import type { CatchNode, DialogNode, FormItem, Properties, VxmlDocument } from '../parser/vxml-model.ts';
import type { ScriptSandbox } from '../sandbox/script-sandbox.ts';
import type { DocumentLoader } from './document-loader.ts';
import type { PropertyChain } from './properties.ts';

export interface SessionLimits {
  /** FIA iterations per session; a document that loops without input is stopped. */
  maxSteps: number;
  /** Events raised while handling events (an error in an error handler …). */
  maxEventDepth: number;
  maxSubdialogDepth: number;
  /** Document loads per session (goto/submit loops). */
  maxDocuments: number;
}

export const defaultSessionLimits: SessionLimits = { maxSteps: 5000, maxEventDepth: 8, maxSubdialogDepth: 8, maxDocuments: 200 };

/** A loaded document and its application root, if it names one. */
export interface DocState {
  doc: VxmlDocument;
  uri: string;
  root?: { doc: VxmlDocument; uri: string };
}

/** Session-wide state shared by every part of the interpreter. */
export interface Run {
  sandbox: ScriptSandbox;
  channel: Channel;
  fetcher: Fetcher;
  loader: DocumentLoader;
  clock: Clock;
  trace: TraceSink;
  logger: Logger;
  limits: SessionLimits;
  /** Fetch audio sources (and fall back on failure) instead of passing URIs to the channel. */
  fetchAudio: boolean;
  queue: PromptSegment[];
  queueBargein: boolean;
  /** The `timeout` attribute of the last queued prompt, which overrides the property (§4.1.7). */
  queueTimeoutMs: number | undefined;
  steps: number;
  documents: number;
  subdialogDepth: number;
  /** The caller hung up; the next attempt to talk to them ends the session. */
  hungUp: boolean;
  /** The caller was handed to another destination by a blind transfer. */
  transferred: boolean;
  /** The application root currently loaded into the application scope. */
  appRootUri: string | undefined;
}

/** Where execution is: the chain used for catches and properties. */
export interface Frame {
  state: DocState;
  dialog?: DialogNode;
  item?: FormItem;
  props: PropertyChain;
  /** Catch lists innermost first: item, dialog, document, application root. */
  catches: readonly (readonly CatchNode[])[];
  /** Form-level services executable content needs (clear, goto nextitem). */
  form?: FormServices;
}

export interface FormServices {
  clear(names: readonly string[] | undefined): void;
  itemNames(): readonly string[];
}

export function propsOf(...layers: (Properties | undefined)[]): Properties[] {
  return layers.filter((l): l is Properties => l !== undefined);
}
