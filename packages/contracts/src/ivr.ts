import { z } from 'zod';
import { name, pageQuery, uuid } from './common.ts';

/**
 * IVR designer projects (§4.6.7), IVR configurations (§4.6.8) and the voice-file library (§4.6.5).
 * The node tree mirrors `@rexian/vxml`'s designer model (contracts may not import it; the server checks
 * the two stay assignable). Zod checks shape and sizes only; `validateProject` decides whether a tree
 * can be built and reports problems per node, so a half-finished tree can still be saved.
 */

const text = (max: number) => z.string().max(max);
const variable = text(64);

export const ivrPlayItem = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('voice'), voiceFileId: uuid }),
  z.strictObject({ kind: z.literal('digits'), value: text(64) }),
  z.strictObject({ kind: z.literal('number'), value: text(32) }),
  z.strictObject({ kind: z.literal('amount'), value: text(32) }),
  z.strictObject({ kind: z.literal('voiceVariable'), variable }),
  z.strictObject({ kind: z.literal('digitsVariable'), variable }),
  z.strictObject({ kind: z.literal('numberVariable'), variable }),
  z.strictObject({ kind: z.literal('amountVariable'), variable }),
  z.strictObject({ kind: z.literal('tts'), text: text(500) }),
  z.strictObject({ kind: z.literal('ttsVariable'), variable }),
  z.strictObject({ kind: z.literal('pause'), seconds: z.number().min(0).max(60) }),
]);
export type IvrPlayItemDto = z.infer<typeof ivrPlayItem>;

type Base = { id: string; name: string };
type Prompted = { items: IvrPlayItemDto[]; interruptible: boolean };
/** The designer's node tree (the same shape as `IvrNode` in @rexian/vxml). */
export type IvrNodeDto =
  | (Base & Prompted & { kind: 'play'; next?: IvrNodeDto | undefined })
  | (Base &
      Prompted & {
        kind: 'menu';
        keys: { key: '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*'; next: IvrNodeDto }[];
        timeoutSeconds?: number | undefined;
        maxAttempts?: number | undefined;
        invalidItems?: IvrPlayItemDto[] | undefined;
      })
  | (Base & { kind: 'queue'; queue: string; items?: IvrPlayItemDto[] | undefined })
  | (Base & { kind: 'voicemail'; mailbox: string; items?: IvrPlayItemDto[] | undefined })
  | (Base & { kind: 'hangup'; items?: IvrPlayItemDto[] | undefined })
  | (Base &
      Prompted & {
        kind: 'http';
        url: string;
        method: 'get' | 'post';
        collect?: { variable: string; minDigits: number; maxDigits: number; timeoutSeconds?: number | undefined } | undefined;
        send: string[];
        receive: string[];
        timeoutSeconds?: number | undefined;
        next?: IvrNodeDto | undefined;
        onError?: IvrNodeDto | undefined;
      })
  | (Base & {
      kind: 'condition';
      branches: {
        variable: string;
        op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'empty' | 'notEmpty';
        value: string;
        next: IvrNodeDto;
      }[];
      otherwise?: IvrNodeDto | undefined;
    })
  | (Base & { kind: 'backToParent' })
  | (Base & { kind: 'backToTop' });

const items = z.array(ivrPlayItem).max(50);
const base = { id: text(64), name: text(64) };
const prompted = { items, interruptible: z.boolean() };

/** Registered as the OpenAPI component `IvrNode` (the tree refers to itself). */
export const ivrNode: z.ZodType<IvrNodeDto> = z
  .lazy(() =>
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('play'), ...base, ...prompted, next: ivrNode.optional() }),
      z.strictObject({
        kind: z.literal('menu'),
        ...base,
        ...prompted,
        keys: z
          .array(z.strictObject({ key: z.enum(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*']), next: ivrNode }))
          .max(11),
        timeoutSeconds: z.number().optional(),
        maxAttempts: z.number().int().optional(),
        invalidItems: items.optional(),
      }),
      z.strictObject({ kind: z.literal('queue'), ...base, queue: text(64), items: items.optional() }),
      z.strictObject({ kind: z.literal('voicemail'), ...base, mailbox: text(64), items: items.optional() }),
      z.strictObject({ kind: z.literal('hangup'), ...base, items: items.optional() }),
      z.strictObject({
        kind: z.literal('http'),
        ...base,
        ...prompted,
        url: text(1000),
        method: z.enum(['get', 'post']),
        collect: z
          .strictObject({
            variable,
            minDigits: z.number().int(),
            maxDigits: z.number().int(),
            timeoutSeconds: z.number().optional(),
          })
          .optional(),
        send: z.array(variable).max(50),
        receive: z.array(variable).max(50),
        timeoutSeconds: z.number().optional(),
        next: ivrNode.optional(),
        onError: ivrNode.optional(),
      }),
      z.strictObject({
        kind: z.literal('condition'),
        ...base,
        branches: z
          .array(
            z.strictObject({
              variable,
              op: z.enum(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'empty', 'notEmpty']),
              value: text(200),
              next: ivrNode,
            }),
          )
          .max(20),
        otherwise: ivrNode.optional(),
      }),
      z.strictObject({ kind: z.literal('backToParent'), ...base }),
      z.strictObject({ kind: z.literal('backToTop'), ...base }),
    ]),
  )
  .meta({ id: 'IvrNode' });

/** A problem shown on a node of the tree editor (`nodeId` "project" means the project's own fields). */
export const ivrIssue = z.object({ nodeId: z.string(), field: z.string(), message: z.string() });
export type IvrIssue = z.infer<typeof ivrIssue>;

export const ivrProjectSummary = z.object({
  id: z.string(),
  name: z.string(),
  timeoutQueue: z.string(),
  builtAt: z.string().nullable(),
  /** Problems found when the project was last saved or built; empty means it builds. */
  issues: z.array(ivrIssue),
  /** The IVR configuration the last build registered, if any. */
  configId: z.string().nullable(),
  updatedAt: z.string(),
});
export const ivrProject = ivrProjectSummary.extend({
  variables: z.array(z.string()),
  root: ivrNode,
  /** The VoiceXML of the last successful build. */
  builtVxml: z.string().nullable(),
});
export type IvrProjectDto = z.infer<typeof ivrProject>;

const projectFields = {
  name: name(64),
  timeoutQueue: z.string().trim().max(64),
  variables: z.array(variable).max(50),
  root: ivrNode,
};
export const ivrProjectCreate = z.strictObject({
  ...projectFields,
  variables: projectFields.variables.default([]),
});
export const ivrProjectUpdate = z.strictObject({
  name: projectFields.name.optional(),
  timeoutQueue: projectFields.timeoutQueue.optional(),
  variables: projectFields.variables.optional(),
  root: ivrNode.optional(),
});

const ivrNumber = z.string().regex(/^[0-9]{1,16}$/, { message: '1 to 16 digits' });

/** "构建 VXML": the IVR number is needed only the first time, to register the configuration. */
export const ivrBuildRequest = z.strictObject({ number: ivrNumber.optional(), name: name(64).optional() });

/** One caller turn of a try run: keys ("12#"), "noinput" (silence until the time-out) or "hangup". */
const dtmfTurn = z.string().regex(/^([0-9*#A-D]{1,32}|noinput|hangup)$/, { message: 'keys 0-9 * # A-D, noinput or hangup' });
const phone = z.string().regex(/^[0-9+*#]{1,32}$/);
export const ivrTryRequest = z.strictObject({
  dtmf: z.array(dtmfTurn).max(50).default([]),
  caller: phone.optional(),
  called: phone.optional(),
  /** Canned answers for HTTP interactions by URL; any other fetch fails as error.badfetch. */
  fetch: z
    .record(
      z.string().max(1000),
      z.strictObject({
        status: z.number().int().min(100).max(599).optional(),
        body: z.string().max(100_000),
        contentType: z.string().max(100).optional(),
      }),
    )
    .optional(),
});
export const ivrTraceEntry = z.object({ t: z.number(), type: z.string() }).catchall(z.unknown());
export const ivrTryResult = z.object({
  /** How the call ended: exit, end, hangup, transfer or error. */
  reason: z.string(),
  /** The event or limit that ended an `error` run (e.g. "error.badfetch"). */
  detail: z.string().optional(),
  /** The <exit> value, if any. */
  value: z.unknown().optional(),
  durationMs: z.number(),
  trace: z.array(ivrTraceEntry),
});

export const ivrConfig = z.object({
  id: z.string(),
  number: z.string(),
  name: z.string(),
  source: z.enum(['uploaded', 'built']),
  /** Uploaded: the file name the operator gave; built: `<project name>.vxml`. */
  fileName: z.string(),
  projectId: z.string().nullable(),
  notes: z.string(),
  vxmlBytes: z.number().int(),
  updatedAt: z.string(),
});
export type IvrConfigDto = z.infer<typeof ivrConfig>;

const vxmlText = z.string().min(1).max(1_000_000);
const fileName = z.string().trim().min(1).max(255);
export const ivrConfigSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('uploaded'), fileName, vxml: vxmlText }),
  z.strictObject({ kind: z.literal('built'), projectId: uuid }),
]);
export const ivrConfigCreate = z.strictObject({
  number: ivrNumber,
  name: name(64),
  source: ivrConfigSource,
  notes: z.string().trim().max(500).default(''),
});
export const ivrConfigUpdate = z.strictObject({
  number: ivrNumber.optional(),
  name: name(64).optional(),
  source: ivrConfigSource.optional(),
  notes: z.string().trim().max(500).optional(),
});
export const ivrQuery = pageQuery.pick({ q: true });

/** Uploads larger than this (decoded) are refused; the route's body limit is its base64 size. */
export const voiceFileMaxBytes = 10 * 1024 * 1024;

export const voiceFile = z.object({
  id: z.string(),
  name: z.string(),
  originalFileName: z.string(),
  /** What was uploaded (recognised by its bytes). */
  format: z.enum(['wav', 'mp3']),
  durationMs: z.number().int(),
  /** Of the stored, converted audio (the engine's 8 kHz 16-bit mono WAV). */
  sampleRate: z.number().int(),
  sizeBytes: z.number().int(),
  uploadedBytes: z.number().int(),
  createdAt: z.string(),
});
export type VoiceFileDto = z.infer<typeof voiceFile>;

export const voiceFileUpload = z.strictObject({
  name: name(64),
  fileName,
  /** The file's bytes, base64 (the API takes JSON; multipart is not used). */
  contentBase64: z.base64().max(Math.ceil(voiceFileMaxBytes / 3) * 4 + 4),
});
export const voiceFileQuery = pageQuery;
