import { z } from 'zod';
import { cdrSummary } from './calls.ts';
import { pageQuery } from './common.ts';

/**
 * Service records (§4.4.8 服务记录): what an agent did for a customer, usually saved from the screen pop
 * against the call (§六 web agent (11)). Data scope: agents see their own records, supervisors those of the
 * employees they manage. Customer numbers are masked as in the call records (without `pbx.cdr.unmasked`).
 */
/** 服务类型: 产品咨询, 产品保修, 其他. */
export const serviceTypes = ['consultation', 'warranty', 'other'] as const;
/** 服务途径: 热线电话, QQ, 邮件, 其他. */
export const serviceChannels = ['hotline', 'qq', 'email', 'other'] as const;
/** 服务状态: 处理中, 已完成, 其他. */
export const serviceStatuses = ['in-progress', 'done', 'other'] as const;

const isoTime = z.string();
const customerNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9*#]{1,32}$/, { message: 'digits, *, # and a leading +' });

export const serviceRecord = z.object({
  id: z.string(),
  /** The call it was saved against (null: added by hand). */
  callId: z.string().nullable(),
  agentId: z.string().nullable(),
  agentNumber: z.string().nullable(),
  /** 客服人员. */
  employeeId: z.string().nullable(),
  employeeName: z.string().nullable(),
  customerName: z.string(),
  /** 客户电话 (masked without pbx.cdr.unmasked). */
  customerNumber: z.string(),
  /** 开始时间: the call's start, or when the record was made. */
  startedAt: isoTime,
  serviceType: z.enum(serviceTypes),
  channel: z.enum(serviceChannels),
  status: z.enum(serviceStatuses),
  /** 服务主题. */
  subject: z.string(),
  /** 洽谈内容. */
  content: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  masked: z.boolean(),
});
export type ServiceRecord = z.infer<typeof serviceRecord>;

const fields = {
  customerName: z.string().trim().max(100),
  serviceType: z.enum(serviceTypes),
  channel: z.enum(serviceChannels),
  status: z.enum(serviceStatuses),
  subject: z.string().trim().min(1).max(200),
  content: z.string().trim().max(4000),
};

/**
 * A new record. With `callId` the customer's number and the start time come from the call, which the
 * author must have taken part in; without one `customerNumber` is required.
 */
export const serviceRecordCreate = z
  .strictObject({
    callId: z.string().trim().min(1).max(128).optional(),
    customerNumber: customerNumber.optional(),
    customerName: fields.customerName.optional(),
    serviceType: fields.serviceType,
    channel: fields.channel.default('hotline'),
    status: fields.status.default('in-progress'),
    subject: fields.subject,
    content: fields.content.default(''),
  })
  .refine((v) => v.callId !== undefined || v.customerNumber !== undefined, {
    message: 'a call or a customer number',
    path: ['customerNumber'],
  });
/** What a client sends (defaults may be left out). */
export type ServiceRecordCreate = z.input<typeof serviceRecordCreate>;
/** What the server receives after parsing. */
export type ServiceRecordCreateParsed = z.output<typeof serviceRecordCreate>;

/** 编辑客户服务记录: everything but the call and the customer's number. */
export const serviceRecordUpdate = z
  .strictObject({
    customerName: fields.customerName.optional(),
    serviceType: fields.serviceType.optional(),
    channel: fields.channel.optional(),
    status: fields.status.optional(),
    subject: fields.subject.optional(),
    content: fields.content.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type ServiceRecordUpdate = z.infer<typeof serviceRecordUpdate>;

export const serviceRecordQuery = pageQuery.extend({
  callId: z.string().trim().min(1).max(128).optional(),
  customerNumber: customerNumber.optional(),
  serviceType: z.enum(serviceTypes).optional(),
  status: z.enum(serviceStatuses).optional(),
  /** Only the records of the signed-in user's employee (我的服务记录). */
  mine: z.enum(['true', 'false']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ServiceRecordQuery = z.infer<typeof serviceRecordQuery>;

/**
 * The screen pop's history (§六 (11)): the last calls of the customer on `callId` and their service
 * records, as far as the actor's scope reaches. The number is looked up on the server, so a masked
 * number in the pop still finds the history.
 */
export const callerHistoryQuery = z.strictObject({ callId: z.string().trim().min(1).max(128) });
export const callerHistory = z.object({
  callId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  customerNumber: z.string(),
  /** Newest first, at most 10, the current call excluded. */
  calls: z.array(cdrSummary),
  records: z.array(serviceRecord),
});
export type CallerHistory = z.infer<typeof callerHistory>;
