import type { AgentGroup, Queue, Role } from '@rexian/contracts';
import { employeesApi } from '../../../api/resources.ts';
import type { Translate } from '../../../i18n/translate.ts';
import { extensionPickerApi } from '../cti-api.ts';
import { agentPasswordProblem } from '../cti-values.ts';
import type { PickerOption } from './remote-picker.tsx';

/** The lists the agent forms choose from, loaded once by the page (each empty without its read permission). */
export type AgentOptions = { groups: readonly AgentGroup[]; queues: readonly Queue[]; roles: readonly Role[] };

export const searchEmployees = async (q: string): Promise<PickerOption[]> =>
  (await employeesApi.list({ page: 1, pageSize: 50, ...(q ? { q } : {}) })).items.map((e) => ({
    value: e.id,
    label: `${e.name} (${e.code})`,
  }));

export const searchExtensions = async (q: string): Promise<PickerOption[]> =>
  (await extensionPickerApi.search(q)).items.map((x) => ({ value: x.id, label: `${x.number} ${x.displayName}`.trim() }));

/** antd form rule for the agent password (§4.3.2 note 2); an empty field is left to the `required` rule. */
export function passwordRule(t: Translate) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      const problem = value ? agentPasswordProblem(value) : null;
      if (problem) throw new Error(t(`cti.passwordProblem.${problem}`));
    },
  };
}
