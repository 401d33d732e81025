import type {
  IvrConfigDto,
  IvrProjectDto,
  ivrBuildRequest,
  ivrConfigCreate,
  ivrConfigUpdate,
  ivrProjectCreate,
  ivrProjectSummary,
  ivrProjectUpdate,
  ivrTryRequest,
  ivrTryResult,
  Page,
  VoiceFileDto,
  voiceFileUpload,
} from '@rexian/contracts';
import type { z } from 'zod';
import { apiDownload, apiRequest } from '../../api/http-client.ts';

/** IVR 设计, IVR 配置, 语音文件: typed calls (apps/server/src/modules/ivr-projects, ivr-configs, voice-files). */
export type IvrProjectSummary = z.infer<typeof ivrProjectSummary>;
export type IvrProjectCreateInput = z.input<typeof ivrProjectCreate>;
export type IvrProjectUpdateInput = z.input<typeof ivrProjectUpdate>;
export type IvrBuildInput = z.input<typeof ivrBuildRequest>;
export type IvrTryInput = z.input<typeof ivrTryRequest>;
export type IvrTryResult = z.infer<typeof ivrTryResult>;
export type IvrConfigCreateInput = z.input<typeof ivrConfigCreate>;
export type IvrConfigUpdateInput = z.input<typeof ivrConfigUpdate>;
export type VoiceFileUploadInput = z.input<typeof voiceFileUpload>;
export type { IvrConfigDto, IvrProjectDto, VoiceFileDto };

const post = (body: unknown) => ({ method: 'POST' as const, body });
const patch = (body: unknown) => ({ method: 'PATCH' as const, body });
const del = { method: 'DELETE' as const };
const at = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

export const ivrProjectsApi = {
  list: (q?: string) => apiRequest<IvrProjectSummary[]>('/ivr-projects', { query: { q } }),
  get: (id: string) => apiRequest<IvrProjectDto>(at('/ivr-projects', id)),
  create: (input: IvrProjectCreateInput) => apiRequest<IvrProjectDto>('/ivr-projects', post(input)),
  update: (id: string, input: IvrProjectUpdateInput) => apiRequest<IvrProjectDto>(at('/ivr-projects', id), patch(input)),
  remove: (id: string) => apiRequest<unknown>(at('/ivr-projects', id), del),
  build: (id: string, input: IvrBuildInput) =>
    apiRequest<{ project: IvrProjectDto; config: IvrConfigDto | null }>(`${at('/ivr-projects', id)}/build`, post(input)),
  try: (id: string, input: IvrTryInput) => apiRequest<IvrTryResult>(`${at('/ivr-projects', id)}/try`, post(input)),
};

export const ivrConfigsApi = {
  list: (q?: string) => apiRequest<IvrConfigDto[]>('/ivr-configs', { query: { q } }),
  create: (input: IvrConfigCreateInput) => apiRequest<IvrConfigDto>('/ivr-configs', post(input)),
  update: (id: string, input: IvrConfigUpdateInput) => apiRequest<IvrConfigDto>(at('/ivr-configs', id), patch(input)),
  remove: (id: string) => apiRequest<unknown>(at('/ivr-configs', id), del),
  try: (id: string, input: IvrTryInput) => apiRequest<IvrTryResult>(`${at('/ivr-configs', id)}/try`, post(input)),
  downloadVxml: (config: IvrConfigDto) => apiDownload(`${at('/ivr-configs', config.id)}/vxml`, {}, config.fileName),
};

export type VoiceFileFilters = { page: number; pageSize: number; q?: string };

export const voiceFilesApi = {
  list: (filters: VoiceFileFilters) => apiRequest<Page<VoiceFileDto>>('/voice-files', { query: filters }),
  /** Every voice file, for pickers (the designer's 已有音频). */
  all: () => apiRequest<Page<VoiceFileDto>>('/voice-files', { query: { page: 1, pageSize: 200 } }),
  upload: (input: VoiceFileUploadInput) => apiRequest<VoiceFileDto>('/voice-files', post(input)),
  remove: (id: string) => apiRequest<unknown>(at('/voice-files', id), del),
  /** Same-origin URL for <audio>: the session cookie goes with it. */
  audioUrl: (id: string) => `/api/v1${at('/voice-files', id)}/audio`,
  download: (file: VoiceFileDto) => apiDownload(`${at('/voice-files', file.id)}/audio`, { download: '1' }, `${file.name}.wav`),
};
