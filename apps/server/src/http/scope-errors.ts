import { AppError } from '@rexian/kernel';

export const outOfScope = () => new AppError('FORBIDDEN_SCOPE', 'outside data scope', { category: 'forbidden' });
