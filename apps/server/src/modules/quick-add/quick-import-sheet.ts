import type { Locale } from '@rexian/contracts';
import ExcelJS from 'exceljs';
import { label } from '../../export/xlsx.ts';
import { quickAddErrors as errors } from './quick-add.errors.ts';

/**
 * The quick import template (§4.3.2 快速导入): one sheet of columns, headers in the caller's language
 * (`*` marks required ones), and an instructions sheet. The reader accepts the headers of either language
 * in any order, so a template downloaded in English imports on a Chinese console and back.
 */
export type ColumnKey =
  | 'code'
  | 'name'
  | 'department'
  | 'mobile'
  | 'phone'
  | 'email'
  | 'extensionNumber'
  | 'extensionPassword'
  | 'agentNumber'
  | 'agentPassword'
  | 'agentType'
  | 'agentGroup'
  | 'username'
  | 'userPassword'
  | 'role'
  | 'notes';

type ColumnSpec = { key: ColumnKey; zh: string; en: string; required: boolean; width: number; hintZh: string; hintEn: string };

const passwordHintZh = '数字加字母组合，不少于 6 位，不能出现 4 位及以上连续数字（如 1234、4321）';
const passwordHintEn = 'letters and digits mixed, at least 6, no run of 4 or more consecutive digits (1234, 4321)';

export const importColumns: readonly ColumnSpec[] = [
  {
    key: 'code',
    zh: '员工编码',
    en: 'Employee code',
    required: true,
    width: 14,
    hintZh: '字母、数字和 _ . -',
    hintEn: 'letters, digits, _ . -',
  },
  { key: 'name', zh: '员工姓名', en: 'Name', required: true, width: 12, hintZh: '', hintEn: '' },
  {
    key: 'department',
    zh: '所属部门',
    en: 'Department',
    required: true,
    width: 16,
    hintZh: '已有正式部门的名称',
    hintEn: 'name of an existing formal department',
  },
  { key: 'mobile', zh: '手机', en: 'Mobile', required: false, width: 14, hintZh: '', hintEn: '' },
  { key: 'phone', zh: '电话', en: 'Phone', required: false, width: 14, hintZh: '', hintEn: '' },
  { key: 'email', zh: '邮箱', en: 'Email', required: false, width: 22, hintZh: '', hintEn: '' },
  {
    key: 'extensionNumber',
    zh: '分机号',
    en: 'Extension',
    required: true,
    width: 10,
    hintZh: '2–12 位数字，系统中尚不存在',
    hintEn: '2–12 digits, not yet in use',
  },
  {
    key: 'extensionPassword',
    zh: '分机密码',
    en: 'Extension password',
    required: true,
    width: 16,
    hintZh: passwordHintZh,
    hintEn: passwordHintEn,
  },
  {
    key: 'agentNumber',
    zh: '座席工号',
    en: 'Agent number',
    required: true,
    width: 10,
    hintZh: '1–16 位数字，系统中尚不存在',
    hintEn: '1–16 digits, not yet in use',
  },
  {
    key: 'agentPassword',
    zh: '座席密码',
    en: 'Agent password',
    required: true,
    width: 16,
    hintZh: passwordHintZh,
    hintEn: passwordHintEn,
  },
  {
    key: 'agentType',
    zh: '座席类型',
    en: 'Agent type',
    required: false,
    width: 10,
    hintZh: '普通座席（默认）或 班长座席',
    hintEn: 'agent (default) or supervisor',
  },
  {
    key: 'agentGroup',
    zh: '座席组',
    en: 'Agent group',
    required: false,
    width: 12,
    hintZh: '已有座席组的名称',
    hintEn: 'name of an existing agent group',
  },
  {
    key: 'username',
    zh: '登录用户名',
    en: 'User name',
    required: false,
    width: 14,
    hintZh: '填写则同时创建控制台登录用户',
    hintEn: 'filled in: a console user is created too',
  },
  {
    key: 'userPassword',
    zh: '登录密码',
    en: 'User password',
    required: false,
    width: 14,
    hintZh: '临时密码，首次登录须修改',
    hintEn: 'temporary; changed at first sign-in',
  },
  {
    key: 'role',
    zh: '角色',
    en: 'Role',
    required: false,
    width: 12,
    hintZh: '已有角色的名称',
    hintEn: 'name of an existing role',
  },
  { key: 'notes', zh: '说明', en: 'Notes', required: false, width: 24, hintZh: '', hintEn: '' },
];

export const headerOf = (c: ColumnSpec, locale: Locale) => `${label(locale, c.zh, c.en)}${c.required ? '*' : ''}`;
export const columnLabel = (key: ColumnKey, locale: Locale) => {
  const c = importColumns.find((x) => x.key === key);
  return c ? label(locale, c.zh, c.en) : key;
};

export async function buildTemplate(locale: Locale): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Rexian';
  const ws = wb.addWorksheet(label(locale, '快速导入', 'Quick import'), { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text cells: numbers keep their leading zeros and passwords are not turned into numbers.
  ws.columns = importColumns.map((c) => ({ header: headerOf(c, locale), width: c.width, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  const help = wb.addWorksheet(label(locale, '说明', 'Instructions'));
  help.columns = [
    { header: label(locale, '列', 'Column'), width: 20 },
    { header: label(locale, '必填', 'Required'), width: 8 },
    { header: label(locale, '说明', 'Notes'), width: 70 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of importColumns) {
    help.addRow([label(locale, c.zh, c.en), c.required ? label(locale, '是', 'yes') : '', label(locale, c.hintZh, c.hintEn)]);
  }
  help.addRow([]);
  help.addRow([
    label(
      locale,
      '每行创建一个员工、一个新分机、一个新座席（以及可选的登录用户）并互相绑定。有错误的行不会创建，并在结果中列出行号和原因；其他行照常导入。',
      'Each row creates an employee, a new extension, a new agent (and optionally a user) bound together. A row with an error is not created and is listed with its row number and reason; the other rows are imported.',
    ),
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type SheetRow = { row: number; values: Partial<Record<ColumnKey, string>> };

const normalise = (s: string) => s.replace(/[*＊\s]/g, '').toLowerCase();
const byHeader = new Map<string, ColumnKey>(
  importColumns.flatMap((c) => [
    [normalise(c.zh), c.key],
    [normalise(c.en), c.key],
  ]),
);

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  if (v instanceof Date) return v.toISOString();
  return String(v).trim();
}

/** Reads the first sheet: a broken or foreign file is one clear error, not a partial import. */
export async function readImportSheet(bytes: Buffer, maxRows: number): Promise<{ columns: Set<ColumnKey>; rows: SheetRow[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw errors.fileInvalid(`not an .xlsx workbook (${e instanceof Error ? e.message.slice(0, 120) : 'unreadable'})`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw errors.fileInvalid('no worksheet');
  const positions = new Map<number, ColumnKey>();
  ws.getRow(1).eachCell((cell, col) => {
    const key = byHeader.get(normalise(cellText(cell)));
    if (key && ![...positions.values()].includes(key)) positions.set(col, key);
  });
  const columns = new Set(positions.values());
  const missing = importColumns.filter((c) => c.required && !columns.has(c.key)).map((c) => `${c.zh}/${c.en}`);
  if (missing.length > 0) throw errors.fileInvalid(`missing columns: ${missing.join(', ')}`);
  const rows: SheetRow[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const values: Partial<Record<ColumnKey, string>> = {};
    let any = false;
    for (const [col, key] of positions) {
      const text = cellText(ws.getRow(r).getCell(col));
      if (text !== '') {
        values[key] = text;
        any = true;
      }
    }
    if (!any) continue; // blank lines between rows are not errors
    if (rows.length >= maxRows) throw errors.tooManyRows(maxRows);
    rows.push({ row: r, values });
  }
  if (rows.length === 0) throw errors.empty();
  return { columns, rows };
}
