/** @rexian/vxml — VoiceXML 2.1 parser and interpreter, Mandarin prompts, the IVR designer compiler. */

export * from './channel/channel-port.ts';
export { DigitCollector } from './channel/digit-collector.ts';
export type { ChannelScript, DtmfTurn, RecordTurn } from './channel/fake-channel.ts';
export { defaultCall, FakeChannel } from './channel/fake-channel.ts';
export type { TraceEntry, TraceSink, TraceType } from './channel/trace.ts';
export { nullTrace, TraceRecorder } from './channel/trace.ts';
export type { CliIo } from './cli/ivr-cli.ts';
export { ivrCli, ivrUsage } from './cli/ivr-cli.ts';
export type { CompileOptions } from './designer/designer-compiler.ts';
export { compileProject } from './designer/designer-compiler.ts';
export type {
  BackToParentNode as IvrBackToParentNode,
  BackToTopNode as IvrBackToTopNode,
  ConditionNode as IvrConditionNode,
  ConditionOp,
  DigitCollection,
  HangupNode as IvrHangupNode,
  HttpNode as IvrHttpNode,
  IvrConfig,
  IvrConfigRepository,
  IvrNode,
  IvrNodeKind,
  IvrProject,
  IvrProjectRepository,
  MenuKey,
  MenuNode as IvrMenuNode,
  PlayItem,
  PlayItemKind,
  PlayNode as IvrPlayNode,
  QueueNode as IvrQueueNode,
  VoiceFile,
  VoiceFileStore,
  VoicemailNode as IvrVoicemailNode,
} from './designer/designer-model.ts';
export { menuKeys } from './designer/designer-model.ts';
export type { TryOptions } from './designer/designer-try.ts';
export { tryProject } from './designer/designer-try.ts';
export type { DesignerIssue, ValidateOptions } from './designer/designer-validate.ts';
export { builtinVariables, validateProject } from './designer/designer-validate.ts';
export * from './errors.ts';
export * from './fetch/fetcher-port.ts';
export type { HttpFetcherOptions } from './fetch/http-fetcher.ts';
export { createHttpFetcher } from './fetch/http-fetcher.ts';
export type { CannedResponse } from './fetch/static-fetcher.ts';
export { createFileFetcher, createStaticFetcher } from './fetch/static-fetcher.ts';
export type { DtmfGrammar, GrammarMatch, MatchState } from './grammar/dtmf-grammar.ts';
export { anyOf, compileBuiltin, compileKeys } from './grammar/dtmf-grammar.ts';
export { compileSrgs } from './grammar/srgs-grammar.ts';
export type { DocumentCache } from './interpreter/document-loader.ts';
export { createDocumentCache } from './interpreter/document-loader.ts';
export type { IvrRunnerDeps, IvrRunOutcome } from './interpreter/ivr-runner.ts';
export { createIvrRunner } from './interpreter/ivr-runner.ts';
export type { SessionLimits } from './interpreter/run-context.ts';
export { defaultSessionLimits } from './interpreter/run-context.ts';
export type { SessionEndReason, SessionOptions, SessionResult } from './interpreter/session.ts';
export { runSession } from './interpreter/session.ts';
export { parseVxml } from './parser/parse-vxml.ts';
export type * from './parser/vxml-model.ts';
export type { XmlElement, XmlLimits, XmlNode } from './parser/xml-reader.ts';
export { defaultXmlLimits, readXml } from './parser/xml-reader.ts';
export type { JsValue, SandboxLimits, ScopeName } from './sandbox/script-sandbox.ts';
export { defaultSandboxLimits, loadQuickJs, ScriptSandbox } from './sandbox/script-sandbox.ts';
export type { ScriptedRunOptions, ScriptedRunResult } from './testing/run-scripted.ts';
export { runScripted } from './testing/run-scripted.ts';
export type { EspeakOptions } from './tts/espeak-tts.ts';
export { createEspeakTts } from './tts/espeak-tts.ts';
export type { HttpTtsOptions } from './tts/http-tts.ts';
export { createHttpTts } from './tts/http-tts.ts';
export type { CachedAudio } from './tts/tts-cache.ts';
export { TtsCache } from './tts/tts-cache.ts';
export type { TtsProvider, TtsRequest } from './tts/tts-provider.ts';
export { telephoneFormat, wavInfo } from './tts/tts-provider.ts';
export * from './tts/verbalize-zh.ts';
export type { ConvertedVoice, UploadKind } from './voice/voice-convert.ts';
export { convertVoiceFile, sniffUpload } from './voice/voice-convert.ts';
