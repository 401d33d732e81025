import { AppError } from '@rexian/kernel';
import type { ConfigIssue } from '@rexian/switch';

/** Every problem at once, with its path in the request body (the switch validators' own paths). */
const invalid = (code: string, issues: readonly ConfigIssue[]) => {
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new AppError(code, summary, { category: 'invalid', details: { count: issues.length, summary, issues } });
};
const conflict = (code: string, message: string, details: Record<string, unknown>) =>
  new AppError(code, message, { category: 'conflict', details });
const notFound = (code: string, message: string) => new AppError(code, message, { category: 'not_found' });

export const dialplanErrors = {
  scheduleNotFound: () => notFound('SCHEDULE_NOT_FOUND', 'schedule not found'),
  scheduleNameTaken: (name: string) => conflict('SCHEDULE_NAME_TAKEN', 'schedule name taken', { name }),
  scheduleInvalid: (issues: readonly ConfigIssue[]) => invalid('SCHEDULE_INVALID', issues),
  scheduleInUse: (numbers: string[]) =>
    conflict('SCHEDULE_IN_USE', 'schedule used by access numbers', { numbers: numbers.join(', ') }),

  accessNumberNotFound: () => notFound('ACCESS_NUMBER_NOT_FOUND', 'access number not found'),
  accessNumberTaken: (number: string) => conflict('ACCESS_NUMBER_TAKEN', 'access number taken', { number }),
  accessNumberInvalid: (issues: readonly ConfigIssue[]) => invalid('ACCESS_NUMBER_INVALID', issues),
  accessNumberInUse: (routes: string[]) =>
    conflict('ACCESS_NUMBER_IN_USE', 'access number is the caller ID of outbound routes', { routes: routes.join(', ') }),

  trunkNotFound: () => notFound('TRUNK_NOT_FOUND', 'trunk not found'),
  trunkNameTaken: (name: string) => conflict('TRUNK_NAME_TAKEN', 'trunk name taken', { name }),
  trunkInvalid: (issues: readonly ConfigIssue[]) => invalid('TRUNK_INVALID', issues),
  trunkInUse: (routes: string[]) => conflict('TRUNK_IN_USE', 'trunk used by outbound routes', { routes: routes.join(', ') }),

  routeNotFound: () => notFound('OUTBOUND_ROUTE_NOT_FOUND', 'outbound route not found'),
  routeNameTaken: (name: string) => conflict('OUTBOUND_ROUTE_NAME_TAKEN', 'outbound route name taken', { name }),
  routeInvalid: (issues: readonly ConfigIssue[]) => invalid('OUTBOUND_ROUTE_INVALID', issues),
};
