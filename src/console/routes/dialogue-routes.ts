// The "Đối thoại" pages for coordinators and administrators: the list of rounds, the form to open
// or edit one (a refused plan comes back with the coordinator's input and a Vietnamese sentence
// naming the field), and a round's page: its questions with votes, a link to merge duplicates on
// the item page, putting a question on the agenda with a department and deadline, approving the
// public texts, and recording the conclusions; the votes cast, by channel. Each action is one use
// case of src/dialogue/. The round's report (questions by topic, answered on time, days to answer,
// votes) has its own page, and the printed conference file downloads as DOCX or XLSX
// (round-export-files.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { approvePublicText } from "../../dialogue/approve-public-text.ts";
import { editRound } from "../../dialogue/edit-round.ts";
import { findRoundBySlug, listRounds, type RoundRow } from "../../dialogue/find-rounds.ts";
import { openRound } from "../../dialogue/open-round.ts";
import { putOnAgenda } from "../../dialogue/put-on-agenda.ts";
import { roundAgenda } from "../../dialogue/round-agenda.ts";
import { roundReport } from "../../dialogue/round-report.ts";
import { recordConclusions } from "../../dialogue/record-conclusions.ts";
import { roundStatus } from "../../dialogue/round-status.ts";
import { voteCounts, votesByChannel } from "../../dialogue/round-votes.ts";
import type { Prisma } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { assertCan } from "../../staff/staff-scope.ts";
import { vietnamDayAndTime } from "../../vietnam-time.ts";
import { sessionOf } from "../auth/guard.ts";
import type { ConsoleDeps } from "../deps.ts";
import { formOf } from "../forms.ts";
import { formats, redirectWith, renderPage } from "../render.ts";
import { reportLines, toRoundDocx, toRoundXlsx, topicRows, type RoundFile } from "../round-export-files.ts";

type SlugParams = { Params: { slug: string } };
type ItemParams = { Params: { slug: string; code: string } };

const STATUS: Record<string, string> = {
  planned: "Sắp nhận câu hỏi",
  collecting: "Đang nhận câu hỏi",
  reviewing: "Đang tổng hợp câu hỏi",
  voting: "Đang bình chọn",
  preparing: "Chuẩn bị hội nghị",
  held: "Đã họp, chờ trả lời",
  concluded: "Đã có kết luận",
};
const KIND: Record<string, string> = { dialogue: "Hội nghị đối thoại", forum: "Diễn đàn chính sách của sở, ngành" };
const CHANNEL: Record<string, string> = { web: "Trang web", telegram: "Telegram", zalo: "Zalo", "": "Không rõ kênh" };

const FIELD: Record<string, string> = {
  title: "Tên đợt",
  kind: "Hình thức",
  topics: "Chủ đề",
  departmentId: "Đơn vị tổ chức",
  slug: "Địa chỉ trang công khai",
  collectFrom: "Bắt đầu nhận câu hỏi",
  collectUntil: "Hết hạn nhận câu hỏi",
  voteFrom: "Bắt đầu bình chọn",
  voteUntil: "Kết thúc bình chọn",
  meetingAt: "Thời gian hội nghị",
  answersDue: "Hạn trả lời bằng văn bản",
  dueAt: "Hạn trả lời",
  summary: "Tóm tắt câu hỏi",
  answer: "Câu trả lời công khai",
  conclusions: "Kết luận",
};
const ORDER: Record<string, string> = {
  collectUntil: "Hết hạn nhận câu hỏi phải sau ngày bắt đầu nhận.",
  voteFrom: "Bình chọn phải bắt đầu sau khi hết hạn nhận câu hỏi.",
  voteUntil: "Kết thúc bình chọn phải sau ngày bắt đầu bình chọn.",
  meetingAt: "Hội nghị phải diễn ra sau khi kết thúc bình chọn.",
  answersDue: "Hạn trả lời bằng văn bản phải sau ngày hội nghị.",
};

/** A plan that collects or votes while another round of its kind does: which round, and when. */
function overlapText(err: AppError): string {
  const d = err.detail ?? {};
  const day = (iso: unknown) => (typeof iso === "string" ? formats.date(new Date(iso)) : "");
  const what = d.window === "vote" ? "Thời gian bình chọn" : "Thời gian nhận câu hỏi";
  return `${what} trùng với đợt “${String(d.round ?? "")}” (${day(d.from)} – ${day(d.until)}). Mỗi lúc chỉ một đợt cùng hình thức được nhận câu hỏi hoặc bình chọn, để trợ lý biết thanh niên đang gửi câu hỏi, bình chọn cho đợt nào: hãy đổi ngày.`;
}

/** The refusal as the coordinator reads it: which field, and why, in Vietnamese. */
function errorText(err: AppError): string {
  const field = typeof err.detail?.field === "string" ? err.detail.field : "";
  const reason = typeof err.detail?.reason === "string" ? err.detail.reason : "";
  const label = FIELD[field] ?? "Thông tin";
  if (reason === "order" && ORDER[field]) return ORDER[field]!;
  if (reason === "date") return `${label}: chưa đúng ngày (chọn trên lịch, hoặc nhập dạng 2027-03-01).`;
  if (reason === "required") return `${label}: cần điền.`;
  if (reason === "taken") return "Địa chỉ trang công khai này đã có đợt khác dùng: hãy đổi tên đợt.";
  if (err.code === "conflict") return `Không thực hiện được lúc này: ${err.message}`;
  if (reason === "personal") return `${label}: hãy bỏ số điện thoại hoặc email, số CCCD/CMND trước khi công khai.`;
  if (reason === "code") return `${label}: hãy bỏ mã kiến nghị (KN-, CH-, YT-, BC-…) trước khi công khai: mã dẫn tới người gửi.`;
  if (reason === "overlap") return overlapText(err);
  if (/not answered yet/.test(err.message)) return "Đơn vị chưa trả lời câu hỏi này nên chưa có câu trả lời để công khai.";
  if (/already passed/.test(err.message)) return `${label}: hạn đã qua, hãy chọn một ngày sau hôm nay.`;
  if (/meeting has not taken place/.test(err.message)) return "Hội nghị chưa diễn ra nên chưa ghi được kết luận.";
  return `${label}: chưa hợp lệ.`;
}

/** The form's fields as the use cases read them. */
function roundForm(f: Record<string, string>) {
  return {
    title: f.title ?? "",
    kind: f.kind ?? "",
    topics: f.topics ?? "",
    ...(f.departmentId ? { departmentId: f.departmentId } : {}),
    collectFrom: f.collectFrom ?? "",
    collectUntil: f.collectUntil ?? "",
    voteFrom: f.voteFrom ?? "",
    voteUntil: f.voteUntil ?? "",
    meetingAt: f.meetingAt ?? "",
    answersDue: f.answersDue ?? "",
  };
}

/**
 * A stored round as the form shows it, in Vietnam time: a day alone when the time is the one a day
 * alone means (00:00 for "from", 23:59 for "until": its last minute, to 23:59:59.999, round-input.ts), else the day and the time, so
 * saving the form again never moves a time set through the API to the start or end of the day.
 */
function formOfRound(r: RoundRow): Record<string, string> {
  const day = (d: Date, endOfDay: boolean) => {
    const local = vietnamDayAndTime(d);
    return local.slice(11) === (endOfDay ? "23:59" : "00:00") ? formats.isoDay(d) : local;
  };
  return {
    title: r.title,
    kind: r.kind,
    topics: r.topics,
    departmentId: r.departmentId ?? "",
    collectFrom: day(r.collectFrom, false),
    collectUntil: day(r.collectUntil, true),
    voteFrom: day(r.voteFrom, false),
    voteUntil: day(r.voteUntil, true),
    meetingAt: vietnamDayAndTime(r.meetingAt),
    answersDue: day(r.answersDue, true),
  };
}

export function registerDialogueRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { db, clock } = deps;
  const texts = { prompts: deps.prompts, publicBaseUrl: deps.config.publicBaseUrl };
  /** The notices to senders and voters were committed: the outbox worker should look now. */
  const wake = (result: { notified: number }) => {
    if (result.notified > 0) deps.events?.emit("outboxWritten", {});
  };
  const actorOf = (request: FastifyRequest) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "triage");
    return actor;
  };
  const departments = () => db.prisma.department.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, dueDays: true } });

  const formPage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, opts: { slug?: string; error?: string } = {}) =>
    renderPage(
      request,
      reply,
      "dialogue-form",
      { title: opts.slug ? "Sửa đợt đối thoại" : "Mở đợt đối thoại", values, slug: opts.slug ?? null, error: opts.error ?? null, kinds: KIND, departments: await departments() },
      opts.error ? 400 : 200,
    );

  const roundPage = async (request: FastifyRequest, reply: FastifyReply, slug: string, error: string | null = null) => {
    const round = await findRoundBySlug(db, slug);
    if (!round) throw new AppError("not_found", { message: `round ${slug} not found` });
    const items = await db.prisma.proposal.findMany({
      where: { roundId: round.id },
      orderBy: [{ createdAt: "asc" }, { code: "asc" }],
      select: { id: true, code: true, content: true, status: true, agenda: true, dueAt: true, answer: true, publicSummary: true, publicAnswer: true, publicApproved: true, mergedIntoId: true, departmentId: true, department: { select: { name: true } } },
    });
    const counts = await voteCounts(db.prisma as unknown as Prisma.TransactionClient, round.id);
    const questions = items.map((q) => ({ ...q, votes: counts.get(q.id) ?? 0 })).sort((a, b) => Number(b.agenda) - Number(a.agenda) || b.votes - a.votes);
    const status = roundStatus(round, clock.now());
    // Votes by channel: a web chat share far above the usual one is worth a look before the agenda is set.
    const byChannel = await votesByChannel(db.prisma as unknown as Prisma.TransactionClient, round.id);
    const channelVotes = [...byChannel.entries()].sort((a, b) => b[1] - a[1]).map(([channel, votes]) => ({ label: CHANNEL[channel] ?? channel, votes }));
    const totalVotes = channelVotes.reduce((sum, c) => sum + c.votes, 0);
    return renderPage(
      request,
      reply,
      "dialogue-round",
      { title: round.title, round, status: STATUS[status], kind: KIND[round.kind], questions, totalVotes, channelVotes, departments: await departments(), error },
      error ? 400 : 200,
    );
  };

  /** Runs one action of the round page; a refusal shows the page again with the reason. */
  const act = async (request: FastifyRequest, reply: FastifyReply, slug: string, ok: string, action: () => Promise<unknown>) => {
    try {
      await action();
      return redirectWith(reply, `/console/dialogue/${slug}`, { ok });
    } catch (err) {
      if (err instanceof AppError && (err.code === "bad_request" || err.code === "conflict")) return roundPage(request, reply, slug, errorText(err));
      throw err;
    }
  };

  scope.get("/dialogue", async (request, reply) => {
    actorOf(request);
    const rounds = (await listRounds(db, clock.now())).map((r) => ({ ...r, statusLabel: STATUS[r.status], kindLabel: KIND[r.kind] }));
    return renderPage(request, reply, "dialogue-rounds", { title: "Đối thoại với thanh niên", rounds });
  });

  scope.get("/dialogue/new", async (request, reply) => {
    actorOf(request);
    return formPage(request, reply, { kind: "dialogue" });
  });

  scope.post("/dialogue", async (request, reply) => {
    const actor = actorOf(request);
    const values = formOf(request.body);
    try {
      const { slug } = await openRound({ db, actor, input: roundForm(values), now: clock.now() });
      return redirectWith(reply, `/console/dialogue/${slug}`, { ok: "roundSaved" });
    } catch (err) {
      if (err instanceof AppError && err.code === "bad_request") return formPage(request, reply, values, { error: errorText(err) });
      throw err;
    }
  });

  scope.get<SlugParams>("/dialogue/:slug", async (request, reply) => {
    actorOf(request);
    return roundPage(request, reply, request.params.slug);
  });

  scope.get<SlugParams>("/dialogue/:slug/edit", async (request, reply) => {
    actorOf(request);
    const round = await findRoundBySlug(db, request.params.slug);
    if (!round) throw new AppError("not_found", { message: `round ${request.params.slug} not found` });
    return formPage(request, reply, formOfRound(round), { slug: round.slug });
  });

  scope.post<SlugParams>("/dialogue/:slug/edit", async (request, reply) => {
    const actor = actorOf(request);
    const values = formOf(request.body);
    const slug = request.params.slug;
    try {
      await editRound({ db, actor, slug, input: roundForm(values), now: clock.now() });
      return redirectWith(reply, `/console/dialogue/${slug}`, { ok: "roundSaved" });
    } catch (err) {
      if (err instanceof AppError && (err.code === "bad_request" || err.code === "conflict")) return formPage(request, reply, values, { slug, error: errorText(err) });
      throw err;
    }
  });

  /** What the printed file and the report page are made of, read at `now`. */
  const roundFile = async (slug: string): Promise<RoundFile> => {
    const round = await findRoundBySlug(db, slug);
    if (!round) throw new AppError("not_found", { message: `round ${slug} not found` });
    const now = clock.now();
    const [agenda, report] = await Promise.all([roundAgenda(db, round.id), roundReport(db, round.id, now)]);
    return {
      title: round.title,
      kind: KIND[round.kind] ?? round.kind,
      organiser: round.department?.name ?? null,
      meetingAt: round.meetingAt,
      answersDue: round.answersDue,
      conclusions: round.concludedAt ? round.conclusions : null,
      agenda,
      report,
      generatedAt: now,
    };
  };

  scope.get<SlugParams>("/dialogue/:slug/report", async (request, reply) => {
    actorOf(request);
    const file = await roundFile(request.params.slug);
    return renderPage(request, reply, "dialogue-report", { title: `Báo cáo: ${file.title}`, slug: request.params.slug, file, lines: reportLines(file.report), topics: topicRows(file.report) });
  });

  scope.get<{ Params: { slug: string; format: string } }>("/dialogue/:slug/file.:format", async (request, reply) => {
    actorOf(request);
    const format = request.params.format;
    if (format !== "docx" && format !== "xlsx") throw new AppError("not_found", { message: `no ${format} file of a round` });
    const file = await roundFile(request.params.slug);
    reply.header("content-disposition", `attachment; filename="${request.params.slug}-${formats.isoDay(file.generatedAt)}.${format}"`);
    if (format === "docx") return reply.type("application/vnd.openxmlformats-officedocument.wordprocessingml.document").send(await toRoundDocx(file));
    return reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await toRoundXlsx(file));
  });

  scope.post<ItemParams>("/dialogue/:slug/items/:code/agenda", async (request, reply) => {
    const actor = actorOf(request);
    const f = formOf(request.body);
    const { slug, code } = request.params;
    return act(request, reply, slug, "roundAgenda", async () =>
      wake(await putOnAgenda({ db, actor, slug, code, input: { departmentId: f.departmentId ?? "", ...(f.dueAt ? { dueAt: f.dueAt } : {}) }, now: clock.now(), texts })),
    );
  });

  scope.post<ItemParams>("/dialogue/:slug/items/:code/public", async (request, reply) => {
    const actor = actorOf(request);
    const f = formOf(request.body);
    const { slug, code } = request.params;
    return act(request, reply, slug, "roundPublic", async () =>
      wake(await approvePublicText({ db, actor, slug, code, input: { summary: f.summary ?? "", ...(f.answer ? { answer: f.answer } : {}) }, now: clock.now(), texts })),
    );
  });

  scope.post<SlugParams>("/dialogue/:slug/conclusions", async (request, reply) => {
    const actor = actorOf(request);
    const f = formOf(request.body);
    const slug = request.params.slug;
    return act(request, reply, slug, "roundConcluded", () => recordConclusions({ db, actor, slug, input: { conclusions: f.conclusions ?? "" }, now: clock.now() }));
  });
}
