// A poll's results as files for the people who report on them: CSV (UTF-8 with a BOM so Excel shows
// Vietnamese) and XLSX (exceljs), with Vietnamese column names: the option's number, its text, how
// many chose it and their share, then the number who answered and the number asked. An option's
// text that a spreadsheet would read as a formula (=, +, -, @ first) gets an apostrophe in front.
import type { pollResults } from "../announcements/broadcast-report.ts";
import { strings } from "./strings.ts";

export type PollResults = NonNullable<Awaited<ReturnType<typeof pollResults>>>;

const words = strings.broadcast;

function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The share of the answers, in percent with one decimal (0 when nobody answered). */
export function percentOf(count: number, answered: number): number {
  return answered ? Math.round((count / answered) * 1000) / 10 : 0;
}

/** The rows of the file, the header first; numbers stay numbers for the spreadsheet. */
function rows(results: PollResults): (string | number)[][] {
  const c = words.columns;
  return [
    [c.option, c.label, c.count, c.percent],
    ...results.options.map((o) => [o.option, defuse(o.label), o.count, percentOf(o.count, results.answered)]),
    ["", words.answeredRow, results.answered, results.answered ? 100 : 0],
    ["", words.askedRow, results.asked, ""],
  ];
}

export function pollCsv(results: PollResults): string {
  const quote = (v: string | number) => (typeof v === "number" ? String(v) : `"${v.replace(/"/g, '""')}"`);
  return `\uFEFF${rows(results).map((r) => r.map(quote).join(",")).join("\r\n")}\r\n`;
}

export async function pollXlsx(results: PollResults, question: string): Promise<Buffer> {
  // Loaded on the first export, as the proposal export does: exceljs is many modules.
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  book.creator = strings.appName;
  const sheet = book.addWorksheet(words.sheet);
  sheet.addRow([defuse(question)]).font = { bold: true };
  sheet.addRow([]);
  const [header, ...body] = rows(results);
  sheet.addRow(header!).font = { bold: true };
  for (const r of body) sheet.addRow(r);
  for (const [i, width] of [16, 50, 16, 16].entries()) sheet.getColumn(i + 1).width = width;
  return Buffer.from(await book.xlsx.writeBuffer());
}
