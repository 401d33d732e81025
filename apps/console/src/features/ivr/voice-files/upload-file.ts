/**
 * Reading an upload in the browser: the API takes JSON, so a voice file travels as base64 and a VXML
 * document as text. The checks here are for a quick answer; the server checks the bytes again.
 */
export const voiceFileMaxBytes = 10 * 1024 * 1024;

export type UploadProblem = 'wrongType' | 'tooLarge' | null;

/** WAV or MP3 by name (the server recognises the format by its bytes). */
export function voiceUploadProblem(file: { name: string; size: number }): UploadProblem {
  if (!/\.(wav|mp3)$/i.test(file.name)) return 'wrongType';
  if (file.size > voiceFileMaxBytes) return 'tooLarge';
  return null;
}

/** "data:audio/wav;base64,AAAA" → "AAAA"; null when it is not a base64 data URL. */
export function base64OfDataUrl(dataUrl: string): string | null {
  const match = /^data:[^,]*;base64,(.*)$/s.exec(dataUrl);
  return match?.[1] ?? null;
}

/** The name a voice file gets by default: its file name without the extension. */
export function defaultVoiceName(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, '').slice(0, 64);
}

export function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export function readAsText(file: Blob): Promise<string> {
  return file.text();
}
