// Writes exported proposals as CSV (UTF-8 with a BOM so Excel shows Vietnamese correctly) or XLSX
// (exceljs), with Vietnamese column names and labels. Cells that a spreadsheet would read as a
// formula (=, +, -, @ first) are prefixed with an apostrophe so a crafted text cannot run.
import type { ExportRow } from "../proposals/export-proposals.ts";
import { defaultTopics } from "../knowledge/topics.ts";
import { formats } from "./render.ts";
import { strings } from "./strings.ts";

type Column = keyof typeof strings.exportColumns;
const COLUMNS = Object.keys(strings.exportColumns) as Column[];

function cell(row: ExportRow, column: Column): string {
  switch (column) {
    case "kind":
      return strings.kind[row.kind] ?? row.kind;
    case "status":
      return strings.status[row.status] ?? row.status;
    case "channel":
      return strings.channel[row.channel] ?? row.channel;
    case "rating":
      return strings.rating[row.rating] ?? row.rating;
    case "topic":
      return defaultTopics().name(row.topic);
    case "createdAt":
    case "dueAt":
    case "answeredAt":
      return row[column] ? formats.dateTime(row[column]) : "";
    case "answeredOnTime":
      return row.answeredOnTime === null ? "" : row.answeredOnTime ? strings.yes : strings.no;
    default:
      return row[column];
  }
}

function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(rows: ExportRow[]): string {
  const quote = (v: string) => `"${defuse(v).replace(/"/g, '""')}"`;
  const lines = [COLUMNS.map((c) => quote(strings.exportColumns[c])).join(",")];
  for (const row of rows) lines.push(COLUMNS.map((c) => quote(cell(row, c))).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export async function toXlsx(rows: ExportRow[]): Promise<Buffer> {
  // Loaded on the first export, not at start: exceljs and its zip and CSV libraries are some
  // hundred modules, a good part of the service's start-up time.
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  book.creator = strings.appName;
  const sheet = book.addWorksheet(strings.exportSheet);
  sheet.columns = COLUMNS.map((c) => ({ header: strings.exportColumns[c], key: c, width: c === "content" || c === "answer" ? 60 : 18 }));
  for (const row of rows) sheet.addRow(Object.fromEntries(COLUMNS.map((c) => [c, defuse(cell(row, c))])));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}
