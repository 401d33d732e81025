import type { DataScope, Locale } from '@rexian/contracts';

/**
 * The few contract values the console needs at run time, restated so the browser bundle imports only types
 * from @rexian/contracts: its run-time side brings zod schemas and the kernel (which uses node:crypto) that
 * a browser neither needs nor can run. The type checks below fail the build when the contract changes.
 */
export const locales = ['zh-CN', 'en-US'] as const satisfies readonly Locale[];
export const dataScopes = ['self', 'managed', 'all'] as const satisfies readonly DataScope[];

type Complete<Missing extends never> = Missing;
export type LocalesComplete = Complete<Exclude<Locale, (typeof locales)[number]>>;
export type DataScopesComplete = Complete<Exclude<DataScope, (typeof dataScopes)[number]>>;
