// Writes the printed file of a dialogue round: the agenda (approved public summaries, votes, the
// answering department, deadline, answered date), the approved public answers, the conclusions and
// the report, as DOCX (docx) for the conference booklet and XLSX (exceljs) for the spreadsheet,
// with Vietnamese headings. It only lays out what src/dialogue/ read (round-agenda.ts,
// round-report.ts): text a coordinator approved for the public, never a sender's words or name.
import type { AgendaEntry } from "../dialogue/round-agenda.ts";
import type { RoundReport } from "../dialogue/round-report.ts";
import { defaultTopics } from "../knowledge/topics.ts";
import { formats } from "./render.ts";
import { strings } from "./strings.ts";

export interface RoundFile {
  title: string;
  kind: string;
  organiser: string | null;
  meetingAt: Date;
  answersDue: Date;
  conclusions: string | null;
  agenda: AgendaEntry[];
  report: RoundReport;
  generatedAt: Date;
}

const S = strings.roundFile;

/** Answered by the deadline: "Có", "Không", or empty while it is not answered yet. */
const onTime = (e: AgendaEntry) => (e.answeredAt ? (e.answeredAt <= e.dueAt ? strings.yes : strings.no) : "");

const topicName = (topic: string) => (topic ? defaultTopics().name(topic) : S.noTopic);

/** The report as label and value pairs, in the order the console page shows them. */
export function reportLines(report: RoundReport): [string, string][] {
  const share =
    report.onTimeShare === null
      ? "—"
      : `${formats.percent(report.onTimeShare)} (${S.onTimeOf.replace("{onTime}", String(report.answeredOnTime)).replace("{decided}", String(report.decided))})`;
  return [
    [S.figures.questions, formats.number(report.questions)],
    [S.figures.onAgenda, formats.number(report.onAgenda)],
    [S.figures.answered, formats.number(report.answered)],
    [S.figures.onTimeShare, share],
    [S.figures.averageDays, formats.number(report.averageDaysToAnswer, 1)],
    [S.figures.votes, formats.number(report.votes)],
    [S.figures.voters, formats.number(report.voters)],
  ];
}

export function topicRows(report: RoundReport): { topic: string; questions: number; onAgenda: number }[] {
  return report.byTopic.map((t) => ({ topic: topicName(t.topic), questions: t.questions, onAgenda: t.onAgenda }));
}

function headerLines(file: RoundFile): [string, string][] {
  return [
    [S.kind, file.kind],
    ...(file.organiser ? ([[S.organiser, file.organiser]] as [string, string][]) : []),
    [S.meeting, formats.dateTime(file.meetingAt)],
    [S.answersDue, formats.date(file.answersDue)],
    [S.generated, formats.dateTime(file.generatedAt)],
  ];
}

export async function toRoundDocx(file: RoundFile): Promise<Buffer> {
  // Loaded on the first export, like exceljs: not part of the service's start-up.
  const { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import("docx");
  const text = (value: string, bold = false) => new Paragraph({ children: [new TextRun({ text: value, bold })] });
  const labelled = ([label, value]: [string, string]) => new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });
  const border = { style: BorderStyle.SINGLE, size: 4, color: "888888" };
  const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };
  const table = (header: string[], rows: string[][]) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders,
      rows: [
        new TableRow({ tableHeader: true, children: header.map((h) => new TableCell({ children: [text(h, true)] })) }),
        ...rows.map((r) => new TableRow({ children: r.map((c) => new TableCell({ children: [text(c)] })) })),
      ],
    });
  const C = S.columns;
  const children: (InstanceType<typeof Paragraph> | InstanceType<typeof Table>)[] = [
    new Paragraph({ text: file.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    ...headerLines(file).map(labelled),
    new Paragraph({ text: S.agendaTitle, heading: HeadingLevel.HEADING_1 }),
  ];
  if (file.agenda.length === 0) children.push(text(S.noAgenda));
  else {
    children.push(
      table(
        [C.n, C.summary, C.votes, C.department, C.dueAt, C.answeredAt],
        file.agenda.map((e, i) => [String(i + 1), e.summary ?? `${e.code} ${S.notApproved}`, String(e.votes), e.department, formats.date(e.dueAt), e.answeredAt ? formats.date(e.answeredAt) : "—"]),
      ),
    );
    children.push(new Paragraph({ text: S.answersTitle, heading: HeadingLevel.HEADING_1 }));
    file.agenda.forEach((e, i) => {
      children.push(new Paragraph({ text: `${S.question} ${i + 1}. ${e.summary ?? `${e.code} ${S.notApproved}`}`, heading: HeadingLevel.HEADING_2 }));
      const by = `${S.answeredBy} ${e.department}${e.answeredAt ? ` (${S.answeredOn} ${formats.date(e.answeredAt)})` : ""}:`;
      children.push(text(by, true));
      const lines = e.answer ? e.answer.split(/\r?\n/) : [S.noAnswer];
      for (const line of lines) children.push(text(line));
    });
  }
  if (file.conclusions) {
    children.push(new Paragraph({ text: S.conclusionsTitle, heading: HeadingLevel.HEADING_1 }));
    for (const line of file.conclusions.split(/\r?\n/)) children.push(text(line));
  }
  children.push(new Paragraph({ text: S.reportTitle, heading: HeadingLevel.HEADING_1 }));
  children.push(...reportLines(file.report).map(labelled));
  children.push(new Paragraph({ text: S.topicsTitle, heading: HeadingLevel.HEADING_2 }));
  const T = S.topicColumns;
  children.push(table([T.topic, T.questions, T.onAgenda], topicRows(file.report).map((t) => [t.topic, String(t.questions), String(t.onAgenda)])));
  const doc = new Document({ creator: strings.appName, title: file.title, sections: [{ children }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** Cells a spreadsheet would read as a formula get an apostrophe first (as in export-files.ts). */
const defuse = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export async function toRoundXlsx(file: RoundFile): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  book.creator = strings.appName;
  const C = S.columns;
  const agenda = book.addWorksheet(S.agendaSheet);
  agenda.columns = [
    { header: C.n, key: "n", width: 6 },
    { header: C.summary, key: "summary", width: 60 },
    { header: C.votes, key: "votes", width: 10 },
    { header: C.department, key: "department", width: 30 },
    { header: C.dueAt, key: "dueAt", width: 14 },
    { header: C.answeredAt, key: "answeredAt", width: 14 },
    { header: C.onTime, key: "onTime", width: 10 },
    { header: C.answer, key: "answer", width: 80 },
  ];
  file.agenda.forEach((e, i) =>
    agenda.addRow({
      n: i + 1,
      summary: defuse(e.summary ?? `${e.code} ${S.notApproved}`),
      votes: e.votes,
      department: defuse(e.department),
      dueAt: formats.date(e.dueAt),
      answeredAt: e.answeredAt ? formats.date(e.answeredAt) : "",
      onTime: onTime(e),
      answer: defuse(e.answer ?? ""),
    }),
  );
  agenda.getRow(1).font = { bold: true };
  agenda.views = [{ state: "frozen", ySplit: 1 }];

  const report = book.addWorksheet(S.reportSheet);
  report.columns = [{ width: 50 }, { width: 24 }, { width: 22 }];
  report.addRow([defuse(file.title)]).font = { bold: true };
  for (const line of headerLines(file)) report.addRow(line.map(defuse));
  report.addRow([]);
  report.addRow([S.reportTitle]).font = { bold: true };
  for (const line of reportLines(file.report)) report.addRow(line);
  report.addRow([]);
  report.addRow([S.topicsTitle]).font = { bold: true };
  const T = S.topicColumns;
  report.addRow([T.topic, T.questions, T.onAgenda]).font = { bold: true };
  for (const t of topicRows(file.report)) report.addRow([defuse(t.topic), t.questions, t.onAgenda]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
