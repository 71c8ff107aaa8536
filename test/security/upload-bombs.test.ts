// Issue 15, holes 1 and 2: hostile uploads that used to take the whole service down. A .docx whose
// relationships make an entry under word/media/ the main document (or the styles) slipped past the
// size check and inflated to gigabytes of XML; a 50 KB PDF whose 300 pages share one 1 MB content
// stream blocked the event loop for a minute and a half. Both are uploaded here through the real
// console route while /healthz is polled: they must be refused with a reason the admin can act on,
// chat must stay answerable, and memory must stay flat. The sandbox's own backstops (time, memory,
// queue) are checked directly on a ParseSandbox with small limits.

import { readFileSync } from "node:fs";
import { createDeflateRaw, deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../../src/errors.ts";
import { ParseSandbox } from "../../src/knowledge/parse/parse-sandbox.ts";
import { createApiToken } from "../../src/staff/create-api-token.ts";
import { addStaff, loggedIn, type ConsoleClient } from "../console/console-client.ts";
import { buildZip } from "../fixtures/documents/zip-writer.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const MB = 1024 * 1024;
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url)));
const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG = "http://schemas.openxmlformats.org/package/2006/relationships";

// ---- hostile files, built here so the attack is visible in the test ----

/** A deflate stream of `megabytes` MB of Word paragraphs (level 1: 512 MB packs in ~0.3 s to ~3 MB). */
async function inflatingTo(megabytes: number): Promise<Buffer> {
  const paragraph = "<w:p><w:r><w:t>bom</w:t></w:r></w:p>";
  const block = Buffer.from(paragraph.repeat(Math.ceil(MB / paragraph.length)));
  const deflate = createDeflateRaw({ level: 1 });
  const parts: Buffer[] = [];
  deflate.on("data", (part: Buffer) => parts.push(part));
  const ended = new Promise((resolve, reject) => deflate.on("end", resolve).on("error", reject));
  deflate.write(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>`);
  for (let i = 0; i < megabytes; i++) {
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end("</w:body></w:document>");
  await ended;
  return Buffer.concat(parts);
}

const honestDocument = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>Quy chế</w:t></w:r></w:p></w:body></w:document>`;
const contentTypes = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`;

/**
 * A real .docx skeleton plus a part under word/media/ that the relationships make mammoth read:
 * as the main document (package relationships) or as the styles (document relationships). The
 * part says it unpacks to 1 KB; it unpacks to whatever `bomb` inflates to.
 */
function docxWithPartInMedia(role: "document" | "styles", bomb: Buffer): Uint8Array {
  const rels = (type: string, target: string) =>
    `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/${type}" Target="${target}"/></Relationships>`;
  return buildZip([
    { name: "[Content_Types].xml", data: contentTypes },
    role === "document"
      ? { name: "_rels/.rels", data: rels("officeDocument", "word/media/cover.xml") }
      : { name: "word/_rels/document.xml.rels", data: rels("styles", "media/theme.xml") },
    { name: "word/document.xml", data: honestDocument },
    { name: role === "document" ? "word/media/cover.xml" : "word/media/theme.xml", data: "", packed: bomb, declaredSize: 1024 },
  ]);
}

/** A PDF whose `pages` pages all draw the same Flate-compressed content stream. */
function pdfSharingOneStream(pages: number, content: string): Uint8Array {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (part: string | Buffer) => {
    const buffer = typeof part === "string" ? Buffer.from(part, "latin1") : part;
    chunks.push(buffer);
    length += buffer.length;
  };
  const object = (n: number, ...body: (string | Buffer)[]) => {
    offsets[n] = length;
    push(`${n} 0 obj\n`);
    body.forEach(push);
    push("\nendobj\n");
  };
  const packed = deflateSync(Buffer.from(content, "latin1"));
  push("%PDF-1.4\n");
  object(1, "<< /Type /Catalog /Pages 2 0 R >>");
  object(2, `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${5 + i} 0 R`).join(" ")}] /Count ${pages} >>`);
  object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  object(4, `<< /Length ${packed.length} /Filter /FlateDecode >>\nstream\n`, packed, "\nendstream");
  for (let i = 0; i < pages; i++) {
    object(5 + i, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>");
  }
  const xref = length;
  const count = 5 + pages;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let n = 1; n < count; n++) push(`${String(offsets[n]).padStart(10, "0")} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(chunks));
}

const LINE = `(${"A".repeat(1000)}) Tj T*\n`;
/** About 1 MB of text that fits on the page: a million extracted characters per page. */
const textOnPage = `BT /F1 0.1 Tf 0.5 TL 10 820 Td\n${LINE.repeat(1000)}ET`;
/** About 1 MB of text drawn off the page: PDF.js parses all of it but extracts under 1,000 characters. */
const textOffPage = `BT /F1 1 Tf 0 0 Td\n${`(${"A".repeat(1000)}) Tj\n`.repeat(1000)}ET`;

// ---- watching the service while it reads ----

async function upload(client: ConsoleClient, name: string, body: Uint8Array): Promise<{ status: number; html: string }> {
  const form = new FormData();
  form.set("_csrf", client.csrf);
  form.set("file", new Blob([body]), name);
  const res = await client.fetch("/console/knowledge/upload", { method: "POST", body: form, headers: { accept: "text/html" } });
  return { status: res.status, html: await res.text() };
}

/** Runs `act` while /healthz is asked every 100 ms; reports the slowest answer and RSS growth. */
async function watched<T>(app: RunningApp, act: () => Promise<T>): Promise<{ result: T; slowestHealthMs: number; rssGrowthMb: number }> {
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let slowest = 0;
  let done = false;
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      const res = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBe(200);
      slowest = Math.max(slowest, performance.now() - started);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    const result = await act();
    return { result, slowestHealthMs: slowest, rssGrowthMb: (Math.max(peakRss, process.memoryUsage().rss) - rssBefore) / MB };
  } finally {
    done = true;
    await poll;
  }
}

const unescape = (html: string) => html.replace(/&quot;|&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

describe("hostile uploads through the console", () => {
  let app: RunningApp;
  let admin: ConsoleClient;
  let token: string;

  beforeAll(async () => {
    // No queue: while one file is read, the next upload is refused (checked through the API below).
    app = await runApp({ env: { PARSE_QUEUE_LENGTH: "0" } });
    await addStaff(app, "bomb-admin@tinh.gov.vn", "admin");
    admin = await loggedIn(app, "bomb-admin@tinh.gov.vn");
    await admin.page("/console/knowledge");
    const staff = await app.db.prisma.staffUser.findUniqueOrThrow({ where: { email: "bomb-admin@tinh.gov.vn" } });
    token = (await createApiToken({ db: app.db, staffId: staff.id, name: "bombs", actor: "test" })).token;
  });
  afterAll(async () => {
    await app.stop();
  });

  it("refuses .docx files whose relationships point the main document or the styles into word/media", async () => {
    const bomb = await inflatingTo(512);
    for (const role of ["document", "styles"] as const) {
      const bytes = docxWithPartInMedia(role, bomb);
      expect(bytes.length).toBeLessThan(4 * MB); // a small upload that unpacks to 512 MB of XML...
      const watch = await watched(app, () => upload(admin, `${role}-in-media.docx`, bytes));
      // ...refused with the reason, before anything inflates it for real.
      expect(watch.result.status).toBe(400);
      const entry = role === "document" ? "word/media/cover.xml" : "word/media/theme.xml";
      expect(unescape(watch.result.html)).toContain(`Không đọc được tệp: the ZIP entry "${entry}" unpacks to more than it declares (possible zip bomb)`);
      expect(watch.slowestHealthMs).toBeLessThanOrEqual(1000);
      expect(watch.rssGrowthMb).toBeLessThanOrEqual(300);
    }
    expect(await app.db.prisma.document.count({ where: { sourcePath: { startsWith: "upload/" } } })).toBe(0);
  });

  it("refuses the PDF whose 300 pages share one content stream after a few pages, chat answering meanwhile", async () => {
    const stall = pdfSharingOneStream(300, textOnPage);
    expect(stall.length).toBeLessThan(100 * 1024);
    const started = performance.now();
    const watch = await watched(app, async () => {
      const [result, reply] = await Promise.all([upload(admin, "stall.pdf", stall), app.chat("web-bomb", "xin chào")]);
      return { ...result, reply };
    });
    expect(watch.result.status).toBe(400);
    expect(unescape(watch.result.html)).toContain(
      "Không đọc được tệp: the text is longer than the limit of 2,000,000 characters (reached on page 2 of 300)",
    );
    expect(watch.result.reply.kind).toBe("menu");
    expect(watch.result.reply.replies[0].text).toContain("Mình là Trợ lý Thanh niên");
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(watch.slowestHealthMs).toBeLessThanOrEqual(1000);
    expect(watch.rssGrowthMb).toBeLessThanOrEqual(300);
  });

  it("still reads ordinary .docx and .pdf uploads (through the sandbox worker)", async () => {
    const docx = await upload(admin, "Hướng dẫn.docx", fixture("sample.docx"));
    const pdf = await upload(admin, "Luật Thanh niên.pdf", fixture("two-pages.pdf"));
    expect([docx.status, pdf.status]).toEqual([303, 303]);
    const titles = (await app.db.prisma.document.findMany({ where: { sourcePath: { startsWith: "upload/" } }, select: { title: true } })).map((d) => d.title);
    expect(titles.sort()).toEqual(["Hướng dẫn tham gia Tháng Thanh niên", "Luật Thanh niên"]);
  });

  it("answers 503 through the API when the upload queue is full, and the file goes through later", async () => {
    const send = (fileName: string, bytes: Uint8Array) =>
      fetch(`${app.url}/api/v1/documents`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ fileName, contentBase64: Buffer.from(bytes).toString("base64") }),
      });
    const [first, second] = await Promise.all([send("quy-che.docx", fixture("sample.docx")), send("luat.pdf", fixture("two-pages.pdf"))]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([201, 503]);
    const refused = first.status === 503 ? first : second;
    expect(((await refused.json()) as { error: unknown }).error).toEqual({
      code: "unavailable",
      message: "the server is busy reading other files (0 waiting, the limit is 0); try again in a minute",
    });
    expect((await send("luat.pdf", fixture("two-pages.pdf"))).status).toBe(201);
  });
});

describe("the parse sandbox's backstops", () => {
  const refusalOf = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: "document.refused" });
    if (!isAppError(error, "document.refused")) throw error;
    return error.detail;
  };
  const reasonOf = async (promise: Promise<unknown>): Promise<string> => (await refusalOf(promise)).reason;

  it("stops a file that takes longer than the time limit (text drawn off the page escapes the character limit)", async () => {
    const sandbox = new ParseSandbox({ maxHeapMb: 256, timeoutMs: 1500, maxQueue: 8 });
    const started = performance.now();
    const reason = await reasonOf(sandbox.parse({ fileName: "off-page.pdf", bytes: pdfSharingOneStream(300, textOffPage) }));
    expect(reason).toBe("reading the file took longer than 1.5 s");
    expect(performance.now() - started).toBeLessThan(8000);
    // The sandbox carries on with a fresh worker.
    const doc = await sandbox.parse({ fileName: "luat.pdf", bytes: fixture("two-pages.pdf") });
    expect(doc.meta.title).toBe("Luật Thanh niên");
    await sandbox.close();
  });

  it("stops a file that needs more memory than the heap cap", async () => {
    const sandbox = new ParseSandbox({ maxHeapMb: 64, timeoutMs: 20_000, maxQueue: 8 });
    const html = new TextEncoder().encode(`<html><body>${"<p>a</p>".repeat(1_200_000)}</body></html>`);
    const reason = await reasonOf(sandbox.parse({ fileName: "many.html", bytes: html, limits: { maxChars: 100_000_000 } }));
    expect(reason).toBe("the file needs more than 64 MB of memory to read");
    await sandbox.close();
  });

  it("reads one file at a time, first come first served, and refuses beyond the queue length", async () => {
    const sandbox = new ParseSandbox({ maxHeapMb: 256, timeoutMs: 20_000, maxQueue: 1 });
    const finished: string[] = [];
    const md = (title: string) => new TextEncoder().encode(`# ${title}\n\nNội dung ${title}.`);
    const first = sandbox.parse({ fileName: "a.md", bytes: md("Một") }).then((d) => finished.push(d.meta.title));
    const second = sandbox.parse({ fileName: "b.md", bytes: md("Hai") }).then((d) => finished.push(d.meta.title));
    const third = sandbox.parse({ fileName: "c.md", bytes: md("Ba") });
    // Busy, not the file's fault: the same file may be read later.
    expect(await refusalOf(third)).toEqual({
      fileName: "c.md",
      reason: "the server is busy reading other files (1 waiting, the limit is 1); try again in a minute",
      busy: true,
    });
    await Promise.all([first, second]);
    expect(finished).toEqual(["Một", "Hai"]);
    await sandbox.close();
  });
});
