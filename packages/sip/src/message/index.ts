export * from './builders.ts';
export { canonicalHeaderName, isListHeader } from './header-names.ts';
export {
  parseCSeq,
  parseHeaderParams,
  parseNameAddr,
  parseVia,
  quote,
  serializeHeaderParams,
  serializeNameAddr,
  serializeVia,
  splitList,
  unquote,
} from './header-values.ts';
export * from './headers.ts';
export { type ParseOptions, parseMessage } from './parser.ts';
export { serializeHead, serializeMessage } from './serializer.ts';
export { createStreamFramer, type FramedItem, type StreamFramer } from './stream-framer.ts';
export * from './types.ts';
export { getParam, hasParam, isSipUri, isTelUri, parseHostPort, parseUri, serializeUri, uriEquals } from './uri.ts';
export { validateMessage } from './validate.ts';
