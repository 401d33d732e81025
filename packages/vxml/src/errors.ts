import { AppError } from '@rexian/kernel';

/**
 * Stable error codes of the vxml package. Parser and validation errors are user errors (a bad
 * document); fetch failures are operational; sandbox kills are user errors (the document's script
 * misbehaved), never bugs of ours.
 */
export const VxmlErrorCode = {
  XmlSyntax: 'VXML_XML_SYNTAX',
  XmlTooLarge: 'VXML_XML_TOO_LARGE',
  XmlTooDeep: 'VXML_XML_TOO_DEEP',
  XmlTooManyNodes: 'VXML_XML_TOO_MANY_NODES',
  XmlDoctypeRejected: 'VXML_XML_DOCTYPE_REJECTED',
  Invalid: 'VXML_INVALID',
  FetchDenied: 'VXML_FETCH_DENIED',
  FetchTimeout: 'VXML_FETCH_TIMEOUT',
  FetchFailed: 'VXML_FETCH_FAILED',
  FetchTooLarge: 'VXML_FETCH_TOO_LARGE',
  ScriptError: 'VXML_SCRIPT_ERROR',
  ScriptTimeout: 'VXML_SCRIPT_TIMEOUT',
  ScriptMemory: 'VXML_SCRIPT_MEMORY',
  ScriptBudget: 'VXML_SCRIPT_BUDGET',
  GrammarInvalid: 'VXML_GRAMMAR_INVALID',
  DesignerInvalid: 'VXML_DESIGNER_INVALID',
  TtsFailed: 'VXML_TTS_FAILED',
  SessionLimit: 'VXML_SESSION_LIMIT',
} as const;
export type VxmlErrorCode = (typeof VxmlErrorCode)[keyof typeof VxmlErrorCode];

/** Where in a document a problem is; line is 1-based, column 1-based. */
export interface SourcePos {
  line: number;
  column: number;
}

export function invalidDocument(
  message: string,
  pos: SourcePos | undefined,
  code: VxmlErrorCode = VxmlErrorCode.Invalid,
): AppError {
  const where = pos ? ` (line ${pos.line}, column ${pos.column})` : '';
  return new AppError(code, `${message}${where}`, {
    kind: 'user',
    category: 'invalid',
    details: pos ? { line: pos.line, column: pos.column } : {},
  });
}

export function fetchError(code: VxmlErrorCode, message: string, details: Record<string, unknown>): AppError {
  const kind = code === VxmlErrorCode.FetchDenied ? 'user' : 'operational';
  return new AppError(code, message, { kind, category: kind === 'user' ? 'forbidden' : 'unavailable', details });
}

export function scriptError(code: VxmlErrorCode, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError(code, message, { kind: 'user', category: 'invalid', details });
}
