import type {
  CallRecordingStateDto,
  CdrDetail,
  CdrQuery,
  CdrSummary,
  LiveCalls,
  Page,
  Voicemail,
  VoicemailQuery,
} from '@rexian/contracts';
import { apiRequest } from '../../api/http-client.ts';

/** 统计报表: typed calls for `/api/v1/cdrs`, `/calls/live` and `/voicemails` (apps/server/src/modules/cdrs, voicemails). */
export type CdrFilters = Partial<Omit<CdrQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };
export type VoicemailFilters = Partial<Omit<VoicemailQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };

const call = (callId: string) => `/cdrs/${encodeURIComponent(callId)}`;
const message = (id: string) => `/voicemails/${encodeURIComponent(id)}`;

export const cdrsApi = {
  list: (filters: CdrFilters) => apiRequest<Page<CdrSummary>>('/cdrs', { query: filters }),
  get: (callId: string) => apiRequest<CdrDetail>(call(callId)),
  /** The `<audio>` source: the browser sends the session cookie and byte ranges itself. */
  recordingUrl: (callId: string) => `/api/v1${call(callId)}/recording`,
  live: () => apiRequest<LiveCalls>('/calls/live'),
};

const liveCall = (callId: string) => `/calls/live/${encodeURIComponent(callId)}`;

/** Control over a call in progress (apps/server/src/modules/live-calls). */
export const liveCallsApi = {
  hangup: (callId: string) => apiRequest<unknown>(`${liveCall(callId)}/hangup`, { method: 'POST' }),
  setRecording: (callId: string, on: boolean) =>
    apiRequest<CallRecordingStateDto>(`${liveCall(callId)}/recording`, { method: 'PUT', body: { on } }),
};

export const voicemailsApi = {
  list: (filters: VoicemailFilters) => apiRequest<Page<Voicemail>>('/voicemails', { query: filters }),
  audioUrl: (id: string) => `/api/v1${message(id)}/audio`,
  update: (id: string, patch: { handled?: boolean; note?: string }) =>
    apiRequest<Voicemail>(message(id), { method: 'PATCH', body: patch }),
  remove: (id: string) => apiRequest<unknown>(message(id), { method: 'DELETE' }),
};
