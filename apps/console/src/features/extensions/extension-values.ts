import type { codecNames as contractCodecNames } from '@rexian/contracts';

/**
 * Run-time contract values of the extension pages, restated like `contract-values.ts` (the browser bundle
 * imports only types from @rexian/contracts); the checks below fail the build when the contract changes.
 */
type ContractCodec = (typeof contractCodecNames)[number];
export const codecNames = ['PCMU', 'PCMA', 'G722', 'opus', 'telephone-event'] as const satisfies readonly ContractCodec[];

type Complete<Missing extends never> = Missing;
export type CodecsComplete = Complete<Exclude<ContractCodec, (typeof codecNames)[number]>>;
