import { z } from 'zod';

/**
 * CTI basic configuration (manual §4.6.11) plus the agent-state rules the ACD applies
 * (`@rexian/acd`'s `AgentRules`; a server test keeps the rule fields equal). Durations in milliseconds.
 */
const ms = (max: number) => z.number().int().min(0).max(max);
const HOUR = 3_600_000;

export const ctiSettings = z.strictObject({
  /** 全局录音开关 */
  recording: z.enum(['none', 'mp3', 'wav']),
  /** 座席状态保留时长 */
  retentionMs: ms(24 * HOUR),
  /** 座席最小置忙时长 */
  minBusyMs: ms(HOUR),
  /** 座席空闲时长提醒 (0 = off) */
  idleReminderMs: ms(24 * HOUR),
  /** 预测式外呼的最大线数 */
  predictiveMaxLines: z.number().int().min(0).max(10_000),
  /** 最大呼入线数 */
  inboundMaxLines: z.number().int().min(0).max(100_000),
  /** 自动外呼每秒最大呼出个数 */
  autoDialMaxPerSecond: z.number().int().min(0).max(1000),
  /** 混合办公模式: extensions still take ordinary calls when their agent is not signed in */
  mixedOfficeMode: z.boolean(),
  /** 拒接后再次接受来电间隔 */
  rejectIntervalMs: ms(HOUR),
  /** 启用强制评分 */
  forcedRating: z.boolean(),
  /** Wrap-up (后处理) and what follows it. */
  wrapUpMs: ms(HOUR),
  autoIdleAfterWrapUp: z.boolean(),
  maxWrapUpMs: z
    .number()
    .int()
    .min(1000)
    .max(24 * HOUR),
  /** After a ring time-out: missed call and not-ready, or stay idle. */
  ringTimeoutAction: z.enum(['not-ready', 'idle']),
  reserveTimeoutMs: z.number().int().min(1000).max(HOUR),
  maxTalkMs: z
    .number()
    .int()
    .min(60_000)
    .max(48 * HOUR),
  maxBusyMs: z
    .number()
    .int()
    .min(60_000)
    .max(48 * HOUR),
  maxAwayMs: z
    .number()
    .int()
    .min(60_000)
    .max(48 * HOUR),
  maxOutboundOnlyMs: z
    .number()
    .int()
    .min(60_000)
    .max(48 * HOUR),
  /**
   * Screen pop (来电弹屏) URL template for third-party CRMs: {callId}, {caller}, {callee}, {accessNumber},
   * {queue}, {agentNumber}, {direction} are filled (URL-encoded) when an agent's phone rings; '' = none.
   */
  screenPopUrl: z
    .string()
    .trim()
    .max(500)
    .refine((v) => v === '' || /^https?:\/\//.test(v), { message: 'an http(s) URL or empty' }),
  /** 接通率统计秒数 (§4.10.11): the N of "answered within N seconds", default 15. */
  answeredWithinSeconds: z.number().int().min(1).max(600),
});
export type CtiSettings = z.infer<typeof ctiSettings>;

export const defaultCtiSettings: CtiSettings = {
  recording: 'none',
  retentionMs: 60_000,
  minBusyMs: 0,
  idleReminderMs: 0,
  predictiveMaxLines: 0,
  inboundMaxLines: 0,
  autoDialMaxPerSecond: 10,
  mixedOfficeMode: true,
  rejectIntervalMs: 0,
  forcedRating: false,
  screenPopUrl: '',
  wrapUpMs: 15_000,
  autoIdleAfterWrapUp: true,
  maxWrapUpMs: 30 * 60_000,
  ringTimeoutAction: 'not-ready',
  reserveTimeoutMs: 10_000,
  maxTalkMs: 4 * HOUR,
  maxBusyMs: 8 * HOUR,
  maxAwayMs: 8 * HOUR,
  maxOutboundOnlyMs: 12 * HOUR,
  answeredWithinSeconds: 15,
};

export const ctiSettingsUpdate = ctiSettings.partial();
