export * from './types.ts';
export { parseMessage, type ParseOptions } from './parser.ts';
export { serializeMessage, serializeHead } from './serializer.ts';
export { createStreamFramer, type FramedItem, type StreamFramer } from './stream-framer.ts';
export { validateMessage } from './validate.ts';
export { parseUri, serializeUri, parseHostPort, getParam, hasParam, isSipUri, isTelUri, uriEquals } from './uri.ts';
export {
  splitList, parseNameAddr, serializeNameAddr, parseVia, serializeVia, parseCSeq, parseHeaderParams,
  serializeHeaderParams, quote, unquote,
} from './header-values.ts';
export { canonicalHeaderName, isListHeader } from './header-names.ts';
export * from './headers.ts';
export * from './builders.ts';
