import { open } from 'node:fs/promises';

export interface RecordingSink {
  append(bytes: Uint8Array): void;
  /** Write the remaining bytes, then `header` at offset 0 when given (WAV), and close. */
  finish(header?: Uint8Array): Promise<void>;
}

export type RecordingSinkFactory = (path: string) => RecordingSink;

/**
 * Appends recording bytes to a file without blocking the media loop: chunks are queued and written by
 * one chained promise, so at most one write is in flight per recording.
 */
export function fileRecordingSink(path: string): RecordingSink {
  const handle = open(path, 'w');
  let chain: Promise<unknown> = handle;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    chain = chain.then(async () => (await handle).write(chunk));
  };
  return {
    append(bytes) {
      if (bytes.length === 0) return;
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= 16 * 1024) flush();
    },
    async finish(header) {
      flush();
      await chain;
      const h = await handle;
      if (header) await h.write(header, 0, header.length, 0);
      await h.close();
    },
  };
}

/** In-memory sink for tests. */
export function memoryRecordingSink(store: Map<string, Uint8Array>): RecordingSinkFactory {
  return (path) => {
    const parts: Uint8Array[] = [];
    return {
      append: (b) => parts.push(b.slice()),
      async finish(header) {
        const all = Uint8Array.from(parts.flatMap((p) => [...p]));
        if (header) all.set(header, 0);
        store.set(path, all);
      },
    };
  };
}
