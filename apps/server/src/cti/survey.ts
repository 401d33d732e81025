import type { MemoryPromptRegistry, SurveyPort, SurveyPrompts } from '@rexian/cti';
import type { Queryable } from '@rexian/db';
import type { Logger } from '@rexian/kernel';
import { writeWav } from '@rexian/media';
import type { TtsProvider } from '@rexian/vxml';

/** What the customer hears (espeak-ng's Mandarin voice). 1 满意, 2 一般, 3 不满意 — the usual three-level survey. */
export const SURVEY_QUESTION = '请您对本次服务进行评价。满意请按1，一般请按2，不满意请按3。';
export const SURVEY_THANKS = '感谢您的评价，再见。';

/** A short tone as 8 kHz mono WAV: the prompt when TTS is unavailable. */
function tone(hz: number, ms: number): Uint8Array {
  const n = Math.round(8 * ms);
  const samples = new Int16Array(n);
  for (let i = 0; i < n; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000));
  return writeWav({ sampleRate: 8000, channels: [samples], encoding: 'pcm16' });
}

/**
 * Queue announcements spoken once per text and kept for the process: the agent number on connect
 * (§4.6.4.1 播报座席工号) and the caller's position (播报排队位置).
 */
export function createQueueAnnouncements(d: { tts: TtsProvider; prompts: MemoryPromptRegistry; log: Logger }) {
  const made = new Map<string, Promise<string | undefined>>();
  const say = (text: string) => {
    let p = made.get(text);
    if (!p) {
      p = d.tts.synthesize({ text }).then((r) => {
        if (r.ok) return d.prompts.acquire(r.value).name;
        d.log.warn({ error: r.error.message, text }, 'queue announcement: TTS unavailable, skipped');
        made.delete(text);
        return undefined;
      });
      made.set(text, p);
    }
    return p;
  };
  return {
    agentNumber: (number: string) => say(`${[...number].join(' ')}号为您服务。`),
    position: (position: number) => say(`您前面还有${Math.max(0, position - 1)}位客户在等待，请稍候。`),
  };
}

/**
 * The satisfaction survey's server side: prompts spoken once per process and kept in the `mem:` prompt
 * registry, ratings stored in `call_ratings`, and the forced-rating switch of the CTI settings.
 */
export function createSurvey(d: {
  db: Queryable;
  tts: TtsProvider;
  prompts: MemoryPromptRegistry;
  log: Logger;
  forced: () => boolean;
}): SurveyPort {
  let made: Promise<SurveyPrompts> | undefined;
  const speak = async (text: string, fallbackHz: number): Promise<string> => {
    const spoken = await d.tts.synthesize({ text });
    if (!spoken.ok) d.log.warn({ error: spoken.error.message }, 'survey prompt: TTS unavailable, playing a tone instead');
    // Never released: the survey's prompts live as long as the process.
    return d.prompts.acquire(spoken.ok ? spoken.value : tone(fallbackHz, 600)).name;
  };
  return {
    prompts() {
      made ??= (async () => ({ question: await speak(SURVEY_QUESTION, 660), thanks: await speak(SURVEY_THANKS, 880) }))().catch(
        (error: unknown) => {
          made = undefined;
          throw error;
        },
      );
      return made;
    },
    async save(r) {
      await d.db.query('INSERT INTO call_ratings (call_id, agent_id, queue_id, digit) VALUES ($1, $2, $3, $4)', [
        r.callId,
        r.agentId,
        r.queueId,
        r.digit !== null && /^[0-9*#]$/.test(r.digit) ? r.digit : null,
      ]);
    },
    forced: d.forced,
  };
}
