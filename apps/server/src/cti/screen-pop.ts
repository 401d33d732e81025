/** The variables a screen-pop URL template may use (§3 来电弹屏, CTI settings `screenPopUrl`). */
export interface ScreenPopVariables {
  callId: string;
  caller: string;
  callee: string;
  accessNumber: string;
  queue: string;
  agentNumber: string;
  direction: 'inbound' | 'outbound';
}

/**
 * Fills `{name}` placeholders with URL-encoded values; unknown names stay as written so a typo is visible
 * in the opened address rather than silently empty. An empty template means no external pop (null).
 */
export function fillScreenPopUrl(template: string, vars: ScreenPopVariables): string | null {
  if (template.trim() === '') return null;
  const values = vars as unknown as Record<string, string>;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? encodeURIComponent(values[name] ?? '') : whole,
  );
}
