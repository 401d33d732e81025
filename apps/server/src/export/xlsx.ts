import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export interface Column<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | boolean | Date | null;
}

/** Builds an .xlsx workbook with one sheet (bold, frozen header row) and sends it as a download. */
export async function sendXlsx<T>(reply: FastifyReply, file: string, sheet: string, columns: Column<T>[], rows: T[]) {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Rexian';
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 18 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => c.value(r)));
  return sendBuffer(reply, file, Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Sends a ready .xlsx workbook as a download. */
export function sendBuffer(reply: FastifyReply, file: string, buffer: Buffer) {
  return (
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      // RFC 6266: an ASCII fallback name plus the UTF-8 name (headers cannot carry raw Chinese).
      .header(
        'content-disposition',
        `attachment; filename="${file.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file)}`,
      )
      .send(buffer)
  );
}

/** Picks the header text for the request's language. */
export const label = (locale: 'zh-CN' | 'en-US', zh: string, en: string) => (locale === 'en-US' ? en : zh);
