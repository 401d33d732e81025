import { AppError } from './errors.ts';

/**
 * State machines are tables (STYLE.md): `transitions[from]` lists the states reachable from `from`.
 * `assertTransition` refuses illegal moves with a typed error; callers log and emit around it.
 */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export function canTransition<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

export function assertTransition<S extends string>(table: TransitionTable<S>, from: S, to: S, code = 'ILLEGAL_TRANSITION'): void {
  if (!canTransition(table, from, to)) {
    throw new AppError(code, `illegal transition ${from} -> ${to}`, {
      category: 'conflict',
      details: { from, to },
    });
  }
}
