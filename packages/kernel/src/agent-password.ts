/**
 * The manual's rule for agent and extension passwords (§4.3.2 note 2): at least 6 characters, letters and
 * digits mixed, and no run of 4 or more consecutive digits (ascending like 1234 or descending like 4321).
 * Shared with the ACD (agents) and registrar (extensions). Returns the failed rule or null.
 */
export type AgentPasswordProblem = 'too_short' | 'not_mixed' | 'consecutive_digits' | 'invalid_characters';

export function agentPasswordProblem(password: string): AgentPasswordProblem | null {
  if (password.length < 6) return 'too_short';
  if (!/^[A-Za-z0-9]+$/.test(password)) return 'invalid_characters';
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return 'not_mixed';
  let up = 1;
  let down = 1;
  for (let i = 1; i < password.length; i++) {
    const a = password.charCodeAt(i - 1);
    const b = password.charCodeAt(i);
    const digits = a >= 48 && a <= 57 && b >= 48 && b <= 57;
    up = digits && b === a + 1 ? up + 1 : 1;
    down = digits && b === a - 1 ? down + 1 : 1;
    if (up >= 4 || down >= 4) return 'consecutive_digits';
  }
  return null;
}
