/**
 * What the branding API accepts as a logo (contracts `brandingUpdate`): a PNG, JPEG or SVG data URL.
 * 256 KB of image is about 350 KB of base64, the contract's limit.
 */
export const maxLogoBytes = 256 * 1024;
export const logoTypes = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;

export type LogoCheck = 'ok' | 'too-large' | 'wrong-type';

export function checkLogoFile(file: { type: string; size: number }): LogoCheck {
  if (!(logoTypes as readonly string[]).includes(file.type)) return 'wrong-type';
  if (file.size > maxLogoBytes) return 'too-large';
  return 'ok';
}

/** The browser labels files by extension; only a base64 data URL of an accepted type is sent. */
export function isAcceptedDataUrl(value: string): boolean {
  return /^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(value);
}
