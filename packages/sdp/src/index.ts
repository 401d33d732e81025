export * from './attributes.ts';
export * from './codec-catalog.ts';
export * from './errors.ts';
export * from './offer-answer.ts';
export * from './sdp-model.ts';
export * from './sdp-parser.ts';
export * from './sdp-serializer.ts';
