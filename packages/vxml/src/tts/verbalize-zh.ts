/**
 * Mandarin verbalization for say-as and the designer's play items: digit strings, numbers, amounts
 * in 元/角/分, dates and times. Pure functions; `undefined` means "not in a shape we can read", and
 * the caller speaks the raw text instead.
 */
const digitZh = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const smallUnits = ['', '十', '百', '千'] as const;
const bigUnits = ['', '万', '亿', '万亿'] as const;

export interface DigitsOptions {
  /** Read "1" as 幺, as operators do for phone numbers. */
  yao?: boolean;
}

/** "138*#" → 一三八星井 — each key on its own. */
export function verbalizeDigits(text: string, opts: DigitsOptions = {}): string | undefined {
  const keys = text.replace(/[\s\-()+]/g, '');
  if (!/^[0-9*#]+$/.test(keys)) return undefined;
  let out = '';
  for (const k of keys) {
    if (k === '*') out += '星';
    else if (k === '#') out += '井';
    else if (k === '1' && opts.yao) out += '幺';
    else out += digitZh[Number(k)];
  }
  return out;
}

/** 0 < n < 10000, e.g. 1050 → 一千零五十; `liang` uses 两 for a leading 2 before 百/千. */
function section(n: number): string {
  let out = '';
  let zero = false;
  for (let p = 3; p >= 0; p--) {
    const d = Math.floor(n / 10 ** p) % 10;
    if (d === 0) {
      if (out !== '') zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    const lead = out === '';
    out += (d === 2 && lead && p >= 2 ? '两' : (digitZh[d] ?? '')) + (smallUnits[p] ?? '');
  }
  return out;
}

/** A non-negative integer given as a decimal digit string, up to 16 digits. */
function integerZh(digits: string): string | undefined {
  const clean = digits.replace(/^0+(?=\d)/, '');
  if (!/^\d{1,16}$/.test(clean)) return undefined;
  if (clean === '0') return '零';
  const groups: number[] = [];
  for (let end = clean.length; end > 0; end -= 4) groups.unshift(Number(clean.slice(Math.max(0, end - 4), end)));
  let out = '';
  let pendingZero = false;
  groups.forEach((g, i) => {
    const unit = bigUnits[groups.length - 1 - i] ?? '';
    if (g === 0) {
      if (out !== '') pendingZero = true;
      return;
    }
    if (out !== '' && (pendingZero || g < 1000)) out += '零';
    pendingZero = false;
    const s = g === 2 && unit !== '' ? '两' : section(g);
    out += s + unit;
  });
  // 10–19 at the head of a number are read 十…, not 一十… (十五, 十万, but 一百一十).
  return out.startsWith('一十') ? out.slice(1) : out;
}

/** "-1234.05" → 负一千二百三十四点零五. */
export function verbalizeNumber(text: string): string | undefined {
  const m = /^\s*([+-]?)(\d+)(?:\.(\d+))?\s*$/.exec(text.replace(/,/g, ''));
  if (!m) return undefined;
  const int = integerZh(m[2] as string);
  if (int === undefined) return undefined;
  const frac = m[3] ? `点${verbalizeDigits(m[3]) ?? ''}` : '';
  return `${m[1] === '-' ? '负' : ''}${int}${frac}`;
}

/** Yuan amount "12.35" → 十二元三角五分; "1.05" → 一元零五分; "0.5" → 五角; "100" → 一百元. */
export function verbalizeAmount(text: string): string | undefined {
  const m = /^\s*([+-]?)(\d+)(?:\.(\d{1,2})\d*)?\s*$/.exec(text.replace(/[,¥￥元]/g, ''));
  if (!m) return undefined;
  const yuanDigits = m[2] as string;
  const frac = (m[3] ?? '').padEnd(2, '0');
  const jiao = Number(frac[0]);
  const fen = Number(frac[1]);
  const yuan = integerZh(yuanDigits);
  if (yuan === undefined) return undefined;
  const hasYuan = Number(yuanDigits) > 0;
  let out = m[1] === '-' ? '负' : '';
  if (hasYuan) out += `${yuan}元`;
  if (jiao > 0) out += `${digitZh[jiao]}角`;
  if (fen > 0) out += `${hasYuan && jiao === 0 ? '零' : ''}${digitZh[fen]}分`;
  return out === '' || out === '负' ? '零元' : out;
}

/**
 * Dates "2026-01-05", "2026/1/5" or "20260105" → 二零二六年一月五日. `format` picks the parts, as in
 * SSML say-as: ymd (default), ym, md, y, m, d.
 */
export function verbalizeDate(text: string, format = 'ymd'): string | undefined {
  const m = /^\s*(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?\s*$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [m[1] as string, Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const parts: Record<string, string> = {
    y: `${verbalizeDigits(y) ?? ''}年`,
    m: `${integerZh(String(mo)) ?? ''}月`,
    d: `${integerZh(String(d)) ?? ''}日`,
  };
  let out = '';
  for (const f of format) {
    const p = parts[f];
    if (p === undefined) return undefined;
    out += p;
  }
  return out;
}

/** Times "14:30", "09:05", "08:00" and "08:00:15" → 十四点三十分, 九点零五分, 八点整, 八点零分十五秒 (24-hour). */
export function verbalizeTime(text: string): string | undefined {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const sec = m[3] === undefined ? undefined : Number(m[3]);
  if (h > 23 || min > 59 || (sec !== undefined && sec > 59)) return undefined;
  const hour = `${h === 2 ? '两' : integerZh(String(h))}点`;
  if (sec === undefined && min === 0) return `${hour}整`;
  const minute = min === 0 ? '零分' : `${min < 10 ? '零' : ''}${integerZh(String(min))}分`;
  return sec === undefined ? hour + minute : `${hour}${minute}${sec < 10 && sec > 0 ? '零' : ''}${integerZh(String(sec))}秒`;
}

export type SayAs = 'digits' | 'number' | 'amount' | 'date' | 'time' | 'characters';

/** One entry point for say-as; falls back to the text itself when it cannot be read as asked. */
export function verbalize(kind: SayAs, text: string, format?: string): string {
  const t = text.trim();
  switch (kind) {
    case 'digits':
      return verbalizeDigits(t) ?? t;
    case 'number':
      return verbalizeNumber(t) ?? t;
    case 'amount':
      return verbalizeAmount(t) ?? t;
    case 'date':
      return verbalizeDate(t, format) ?? t;
    case 'time':
      return verbalizeTime(t) ?? t;
    case 'characters':
      return [...t].map((c) => (/[0-9]/.test(c) ? digitZh[Number(c)] : c)).join(' ');
  }
}
