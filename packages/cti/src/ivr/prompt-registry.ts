import { createHash } from 'node:crypto';
import type { PromptRegistry } from './ivr-ports.ts';

export const MEM_PROMPT_PREFIX = 'mem:';

/**
 * The in-memory `PromptRegistry`: names are `mem:<sha256 of the bytes>`, so a voice file or TTS text
 * played by many calls is held once. Entries in use are never dropped; released ones stay in a small
 * LRU (`keepReleased`) so the next call playing the same prompt finds it again.
 */
export function createPromptRegistry(options: { keepReleased?: number } = {}) {
  const keep = options.keepReleased ?? 64;
  const entries = new Map<string, { bytes: Uint8Array; uses: number }>();
  /** Released entries, oldest first. */
  const idle = new Set<string>();

  const registry: PromptRegistry & {
    /** The bytes behind a `mem:` name, for the server's `loadPrompt`. */
    bytes(name: string): Uint8Array | undefined;
    size(): number;
  } = {
    acquire(bytes) {
      const name = `${MEM_PROMPT_PREFIX}${createHash('sha256').update(bytes).digest('hex')}`;
      const e = entries.get(name) ?? { bytes, uses: 0 };
      e.uses++;
      entries.set(name, e);
      idle.delete(name);
      let released = false;
      return {
        name,
        release() {
          if (released) return;
          released = true;
          e.uses--;
          if (e.uses > 0) return;
          idle.add(name);
          for (const old of idle) {
            if (idle.size <= keep) break;
            idle.delete(old);
            entries.delete(old);
          }
        },
      };
    },
    bytes: (name) => entries.get(name)?.bytes,
    size: () => entries.size,
  };
  return registry;
}
export type MemoryPromptRegistry = ReturnType<typeof createPromptRegistry>;
