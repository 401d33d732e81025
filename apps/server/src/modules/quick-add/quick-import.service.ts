import {
  type Locale,
  localizeError,
  type QuickImportResult,
  type QuickImportRow,
  quickAddInput,
  quickImportMaxRows,
} from '@rexian/contracts';
import { AppError, isAppError } from '@rexian/kernel';
import { label } from '../../export/xlsx.ts';
import type { Actor } from '../../http/actor.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { quickAddErrors as errors } from './quick-add.errors.ts';
import type { NameIndex, QuickAddRepository } from './quick-add.repository.ts';
import type { QuickAddService } from './quick-add.service.ts';
import { type ColumnKey, columnLabel, readImportSheet, type SheetRow } from './quick-import-sheet.ts';

/**
 * Quick import (§4.3.2 快速导入: "相当于快速添加的批量操作"): each data row is one quick add in its own
 * transaction. Policy: row by row, not all-or-nothing — a row that fails validation, names an unknown
 * department/group/role, repeats a value of an earlier row of the same file, or clashes with the
 * database is reported with its row number and reason and creates nothing; the valid rows are created.
 * A file that cannot be read at all (not .xlsx, required columns missing, no rows, too many rows) is
 * refused whole before any row is created.
 */

/** Input fields that must be unique, with the column that carries them (user names case-insensitively). */
const uniqueColumns: { field: string; column: ColumnKey; fold: boolean }[] = [
  { field: 'code', column: 'code', fold: true },
  { field: 'extensionNumber', column: 'extensionNumber', fold: false },
  { field: 'agentNumber', column: 'agentNumber', fold: false },
  { field: 'user.username', column: 'username', fold: true },
];

/** Input field → the column it came from, to name columns in messages. */
const columnOfField: Record<string, ColumnKey> = {
  code: 'code',
  name: 'name',
  departmentId: 'department',
  mobile: 'mobile',
  phone: 'phone',
  email: 'email',
  notes: 'notes',
  extensionNumber: 'extensionNumber',
  extensionPassword: 'extensionPassword',
  agentNumber: 'agentNumber',
  agentPassword: 'agentPassword',
  agentType: 'agentType',
  agentGroupId: 'agentGroup',
  'user.username': 'username',
  'user.password': 'userPassword',
  'user.roleId': 'role',
};

const agentTypes: Record<string, 'agent' | 'supervisor'> = {
  普通座席: 'agent',
  座席: 'agent',
  agent: 'agent',
  班长座席: 'supervisor',
  班长: 'supervisor',
  supervisor: 'supervisor',
};

/** The manual's password rule, per failed part (contracts' agentPasswordRule puts the part in `params.rule`). */
const passwordRuleText: Record<string, { zh: string; en: string }> = {
  too_short: { zh: '密码不能少于 6 位', en: 'at least 6 characters' },
  invalid_characters: { zh: '密码只能包含字母和数字', en: 'letters and digits only' },
  not_mixed: { zh: '密码须为数字加字母组合', en: 'letters and digits mixed' },
  consecutive_digits: {
    zh: '密码不能出现 4 位及以上连续数字（如 1234、4321）',
    en: 'no run of 4 or more consecutive digits such as 1234 or 4321',
  },
};

export function createQuickImportService(d: { quickAdd: QuickAddService; repo: QuickAddRepository; audit: AuditService }) {
  /** Builds the quick-add input of a row; names become ids (an unknown or ambiguous name is the row's error). */
  function candidate(v: SheetRow['values'], names: NameIndex, locale: Locale) {
    const lookup = (index: Map<string, string[]>, column: ColumnKey, field: string) => {
      const raw = v[column];
      if (raw === undefined) return null;
      const ids = index.get(raw.trim().toLowerCase()) ?? [];
      if (ids.length !== 1) throw errors.unknownReference(field, columnLabel(column, locale), raw);
      return ids[0] as string;
    };
    const type = v.agentType === undefined ? 'agent' : (agentTypes[v.agentType.trim().toLowerCase()] ?? v.agentType);
    return {
      code: v.code,
      name: v.name,
      departmentId: lookup(names.departments, 'department', 'departmentId') ?? undefined,
      mobile: v.mobile ?? null,
      phone: v.phone ?? null,
      email: v.email ?? null,
      notes: v.notes ?? null,
      extensionNumber: v.extensionNumber,
      extensionPassword: v.extensionPassword,
      agentNumber: v.agentNumber,
      agentPassword: v.agentPassword,
      agentType: type,
      agentGroupId: lookup(names.groups, 'agentGroup', 'agentGroupId'),
      user:
        v.username === undefined && v.userPassword === undefined && v.role === undefined
          ? null
          : { username: v.username, password: v.userPassword, roleId: lookup(names.roles, 'role', 'user.roleId') },
    };
  }

  function validate(raw: ReturnType<typeof candidate>, locale: Locale) {
    const parsed = quickAddInput.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? []).join('.');
    const column = columnOfField[field];
    const rule = (issue as { params?: { rule?: string } } | undefined)?.params?.rule;
    const ruleText = rule ? passwordRuleText[rule] : undefined;
    const message = ruleText ? label(locale, ruleText.zh, ruleText.en) : (issue?.message ?? 'invalid');
    const summary = `${column ? columnLabel(column, locale) : field}: ${message}`;
    throw new AppError('VALIDATION_FAILED', summary, { category: 'invalid', details: { summary, field } });
  }

  return {
    async importRows(actor: Actor, ip: string, locale: Locale, bytes: Buffer): Promise<QuickImportResult> {
      // Permissions first: without them every row would fail the same way.
      d.quickAdd.requirePermissions(actor, false);
      const { rows } = await readImportSheet(bytes, quickImportMaxRows);
      const names = await d.repo.names();
      const firstSeen = new Map<string, number>();
      const results: QuickImportRow[] = [];
      for (const { row, values: v } of rows) {
        const base = {
          row,
          code: v.code ?? '',
          name: v.name ?? '',
          extensionNumber: v.extensionNumber ?? '',
          agentNumber: v.agentNumber ?? '',
        };
        try {
          // Repeats inside the file: the first row keeps the value, later ones fail (whatever became of the first).
          let repeat: AppError | null = null;
          for (const u of uniqueColumns) {
            const value = v[u.column];
            if (value === undefined) continue;
            const k = `${u.field}\u0000${u.fold ? value.toLowerCase() : value}`;
            const first = firstSeen.get(k);
            if (first === undefined) firstSeen.set(k, row);
            else repeat ??= errors.duplicateInFile(u.field, columnLabel(u.column, locale), value, first);
          }
          if (repeat) throw repeat;
          const input = validate(candidate(v, names, locale), locale);
          const r = await d.quickAdd.quickAdd(actor, ip, input);
          results.push({ ...base, status: 'created', error: null, employeeId: r.employee.id });
        } catch (e) {
          if (!isAppError(e) || e.kind === 'bug') throw e; // a fault of ours is not a row's error
          const details = e.details as Record<string, unknown> | undefined;
          const localized = localizeError(e.code, locale, details);
          results.push({
            ...base,
            status: 'failed',
            employeeId: null,
            error: {
              code: e.code,
              field: typeof details?.field === 'string' ? details.field : null,
              message: localized === e.code ? e.message : localized,
            },
          });
        }
      }
      const created = results.filter((r) => r.status === 'created').length;
      await d.audit.change(
        actor,
        ip,
        'employee.quick-import',
        { type: 'employee', id: results.find((r) => r.employeeId)?.employeeId ?? '' },
        { rows: results.length, created, failed: results.length - created },
      );
      return { total: results.length, created, failed: results.length - created, rows: results };
    },
  };
}
export type QuickImportService = ReturnType<typeof createQuickImportService>;
