// The "Thông báo" pages for coordinators and administrators: the list of broadcasts (status,
// sent of total); composing an announcement or a poll for a segment of the subscribers, with the
// dry run (the count the send will reach, from the same function) and a confirm step that sends to
// exactly the number confirmed; a broadcast's page with its progress (refreshed by htmx while it
// moves), pause and resume, each recipient's status by pseudonym (never a contact), and for a poll
// the results as a bar chart, closing the poll and the results as CSV or XLSX. Each action is one
// use case of src/announcements/; a refusal comes back with what was typed and a Vietnamese sentence.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { findBroadcast, recipientCounts, recipientPage, RECIPIENT_STATUSES, type RecipientCounts } from "../../announcements/broadcast-recipients.ts";
import { listBroadcasts, pollResults } from "../../announcements/broadcast-report.ts";
import { AGE_BANDS, SEGMENT_CHANNELS, type BroadcastInput, type Segment } from "../../announcements/broadcast-terms.ts";
import { closePoll } from "../../announcements/close-poll.ts";
import { placeKeyOf } from "../../announcements/opportunity-input.ts";
import { OPPORTUNITY_KINDS } from "../../announcements/opportunity-status.ts";
import { pauseBroadcast } from "../../announcements/pause-broadcast.ts";
import { inQuietHours } from "../../announcements/quiet-hours.ts";
import { countSegment } from "../../announcements/segment-recipients.ts";
import { parseKnownBroadcastInput, sendBroadcast } from "../../announcements/send-broadcast.ts";
import { AppError, isAppError } from "../../errors.ts";
import { personTag } from "../../proposals/get-proposal-detail.ts";
import { assertCan } from "../../staff/staff-scope.ts";
import { sessionOf } from "../auth/guard.ts";
import type { ConsoleDeps } from "../deps.ts";
import { formats, redirectWith, renderPage } from "../render.ts";
import { percentOf, pollCsv, pollXlsx } from "../poll-export-files.ts";
import { strings } from "../strings.ts";

type IdParams = { Params: { id: string } };

const words = strings.broadcast;
const PER_PAGE = 100;
const OPTION_FIELDS = ["option1", "option2", "option3", "option4", "option5"] as const;
/** What a coordinator may type for "the whole province" instead of leaving the area empty. */
const WHOLE_PROVINCE = /^(ca|toan) tinh$/;

// Nothing is dropped or cut here: a filter that vanished would widen the segment. The lengths and
// the allowed values are checked by the use case (BroadcastInput), which names what is wrong.
const many = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));
const one = z.preprocess((v) => (v === undefined ? "" : Array.isArray(v) ? v[0] : v), z.string());

/** The compose form as posted: strings and lists of strings, kept as typed to show them again. */
const ComposeForm = z.object({
  kind: one,
  text: one,
  ...Object.fromEntries(OPTION_FIELDS.map((f) => [f, one])),
  kinds: many,
  area: one,
  ageBands: many,
  channels: many,
  expected: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(0).optional()).catch(undefined),
});
type ComposeValues = { kind: string; text: string; options: string[]; kinds: string[]; area: string; ageBands: string[]; channels: string[] };

function composeValues(body: unknown): ComposeValues & { expected: number | undefined } {
  const f = ComposeForm.parse(body ?? {}) as Record<string, unknown> & z.infer<typeof ComposeForm>;
  return {
    kind: f.kind,
    text: f.text,
    options: OPTION_FIELDS.map((k) => String(f[k] ?? "")),
    kinds: f.kinds,
    area: f.area,
    ageBands: f.ageBands,
    channels: f.channels,
    expected: f.expected,
  };
}

/** The use cases' input: an announcement carries no options, an empty or "cả tỉnh" area is the whole province. */
function inputOf(v: ComposeValues): unknown {
  const area = WHOLE_PROVINCE.test(placeKeyOf(v.area)) ? "" : v.area;
  return {
    kind: v.kind,
    text: v.text,
    options: v.kind === "poll" ? v.options.map((o) => o.trim()).filter(Boolean) : [],
    segment: { kinds: v.kinds, area, ageBands: v.ageBands, channels: v.channels },
  };
}

/** A refusal as the coordinator reads it. */
function errorText(err: AppError, values: ComposeValues): string {
  const reason = String(err.detail?.reason ?? "");
  if (reason === "empty") return words.err.empty;
  const path = String(err.detail?.path ?? err.detail?.field ?? "");
  if (path === "text") return words.err.text;
  if (path.startsWith("options")) return words.err.options;
  if (path === "kind") return words.err.kind;
  if (path === "segment.area" && reason === "unknownPlace") {
    const suggestions = Array.isArray(err.detail?.suggestions) ? err.detail.suggestions.map(String) : [];
    return words.err.areaUnknown(values.area.trim().slice(0, 60), suggestions);
  }
  if (path === "segment.area") return words.err.area(values.area.trim().slice(0, 60));
  return words.err.segment;
}

const QUERY = z.object({
  status: z.enum(RECIPIENT_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

/** JSON safe to place inside <script type="application/json">: no "</script>" can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

export function registerBroadcastRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { db, clock, prompts } = deps;
  const kinds = Object.fromEntries(OPPORTUNITY_KINDS.map((k) => [k, prompts.t("vi", `opportunities.kinds.${k}`)]));
  const ageBands = Object.fromEntries(AGE_BANDS.map((a) => [a, strings.ageBand[a] ?? a]));
  const channels = Object.fromEntries(SEGMENT_CHANNELS.map((c) => [c, strings.channel[c] ?? c]));
  const actorOf = (request: FastifyRequest) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "triage");
    return actor;
  };

  /** "việc làm, khóa học · Phường Rạch Giá · 16–30 tuổi · Zalo": who a segment reaches, in words. */
  const segmentText = (s: Segment) =>
    [
      s.kinds.length ? s.kinds.map((k) => kinds[k] ?? k).join(", ") : words.anyKind,
      s.area || words.wholeProvince,
      s.ageBands.length ? s.ageBands.map((a) => ageBands[a] ?? a).join(", ") : words.anyAge,
      s.channels.length ? s.channels.map((c) => channels[c] ?? c).join(", ") : words.anyChannel,
    ].join(" · ");

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: ComposeValues,
    opts: { error?: string; status?: number; preview?: { input: BroadcastInput; total: number; byChannel: Record<string, number> } } = {},
  ) => {
    const preview = opts.preview
      ? {
          total: opts.preview.total,
          byChannel: Object.entries(opts.preview.byChannel).map(([c, n]) => ({ label: channels[c] ?? c, n })),
          segment: segmentText(opts.preview.input.segment),
          kindLabel: words.kind[opts.preview.input.kind] ?? opts.preview.input.kind,
          quiet: inQuietHours(clock.now()),
        }
      : null;
    return renderPage(
      request,
      reply,
      "broadcast-form",
      { title: "Soạn thông báo hoặc khảo sát", values, error: opts.error ?? null, preview, kinds, ageBands, channels },
      opts.status ?? (opts.error ? 400 : 200),
    );
  };

  /** The dry run: the count by channel the send would reach now, and the confirm step. */
  const dryRun = async (request: FastifyRequest, reply: FastifyReply, values: ComposeValues, error?: string) => {
    let input: BroadcastInput;
    try {
      input = await parseKnownBroadcastInput(db.prisma, inputOf(values), clock.now());
    } catch (err) {
      if (isAppError(err, "bad_request")) return formPage(request, reply, values, { error: errorText(err, values) });
      throw err;
    }
    const count = await countSegment(db, input.segment);
    return formPage(request, reply, values, {
      preview: { input, ...count },
      ...(count.total === 0 ? { error: words.err.empty, status: 200 } : error ? { error, status: 409 } : {}),
    });
  };

  scope.get("/broadcasts", async (request, reply) => {
    actorOf(request);
    const rows = await listBroadcasts(db, { take: 100 });
    const broadcasts = await Promise.all(
      rows.map(async (b) => {
        const counts = await recipientCounts(db, b.id);
        return { ...b, kindLabel: words.kind[b.kind] ?? b.kind, statusLabel: words.status[b.status] ?? b.status, sent: counts.sent, total: counts.total, answers: b._count.answers };
      }),
    );
    return renderPage(request, reply, "broadcasts", { title: "Thông báo và khảo sát", broadcasts });
  });

  scope.get("/broadcasts/new", async (request, reply) => {
    actorOf(request);
    return formPage(request, reply, { kind: "announcement", text: "", options: OPTION_FIELDS.map(() => ""), kinds: [], area: "", ageBands: [], channels: [] });
  });

  scope.post("/broadcasts/count", async (request, reply) => {
    actorOf(request);
    return dryRun(request, reply, composeValues(request.body));
  });

  // The send: only with the count the coordinator confirmed; without one it is a dry run.
  scope.post("/broadcasts", async (request, reply) => {
    const actor = actorOf(request);
    const values = composeValues(request.body);
    if (values.expected === undefined) return dryRun(request, reply, values);
    try {
      const { id } = await sendBroadcast({ db, actor, input: inputOf(values), now: clock.now(), expected: values.expected });
      return redirectWith(reply, `/console/broadcasts/${id}`, { ok: "broadcastSent" });
    } catch (err) {
      if (isAppError(err, "conflict") && err.detail?.reason === "count") return dryRun(request, reply, values, words.err.count(values.expected, Number(err.detail.count)));
      if (isAppError(err, "bad_request")) return formPage(request, reply, values, { error: errorText(err, values) });
      throw err;
    }
  });

  const broadcastOf = async (id: string) => {
    const b = await findBroadcast(db, id);
    if (!b) throw new AppError("not_found", { message: `broadcast ${id} not found` });
    return b;
  };

  /** What the progress box shows; `live` while anything can still move (htmx polls it then). */
  const progressOf = (b: { id: string; status: string }, counts: RecipientCounts) => {
    const done = counts.sent + counts.failed + counts.skipped;
    return {
      id: b.id,
      status: b.status,
      statusLabel: words.status[b.status] ?? b.status,
      counts,
      done,
      percent: counts.total ? Math.floor((done / counts.total) * 100) : 100,
      live: b.status !== "sent" || counts.pending + counts.sending > 0,
      quiet: b.status === "sending" && inQuietHours(clock.now()),
      labels: words.recipient,
      statuses: RECIPIENT_STATUSES,
    };
  };

  scope.get<IdParams & { Querystring: Record<string, string> }>("/broadcasts/:id", async (request, reply) => {
    actorOf(request);
    const b = await broadcastOf(request.params.id);
    const q = QUERY.parse(request.query ?? {});
    const counts = await recipientCounts(db, b.id);
    const shown = q.status ? counts[q.status] : counts.total;
    const pages = Math.max(1, Math.ceil(shown / PER_PAGE));
    const page = Math.min(q.page ?? 1, pages);
    const rows = await recipientPage(db, b.id, { ...(q.status ? { status: q.status } : {}), skip: (page - 1) * PER_PAGE, take: PER_PAGE });
    const recipients = rows.map((r) => ({ ...r, person: strings.person.pseudonym(personTag(r.userId)), channelLabel: strings.channel[r.channel] ?? r.channel, statusLabel: words.recipient[r.status] ?? r.status }));
    const results = b.kind === "poll" ? await pollResults(db, b.id) : null;
    const now = clock.now();
    const closed = !!b.closedAt && b.closedAt <= now;
    const link = (over: { status?: string | undefined; page?: number }) => {
      const params = new URLSearchParams();
      const status = "status" in over ? over.status : q.status;
      if (status) params.set("status", status);
      if (over.page && over.page > 1) params.set("page", String(over.page));
      const s = params.toString();
      return `/console/broadcasts/${b.id}${s ? `?${s}` : ""}`;
    };
    return renderPage(request, reply, "broadcast", {
      title: `${words.kind[b.kind] ?? b.kind}: ${b.text.slice(0, 60)}`,
      b: { ...b, kindLabel: words.kind[b.kind] ?? b.kind, segmentText: segmentText(b.segment) },
      progress: progressOf(b, counts),
      recipients,
      filter: q.status ?? null,
      filterLink: (status?: string) => link({ status }),
      page,
      pages,
      pageLink: (n: number) => link({ page: n }),
      closed,
      results: results ? { ...results, rows: results.options.map((o) => ({ ...o, percent: percentOf(o.count, results.answered) })) } : null,
      chartJson: results ? scriptJson({ results: { labels: results.options.map((o) => o.label), series: [{ label: words.chartLabel, data: results.options.map((o) => o.count) }] } }) : null,
    });
  });

  // The progress box alone, for htmx; a status changed meanwhile (paused elsewhere, or finished)
  // reloads the whole page so its buttons and table follow.
  scope.get<IdParams & { Querystring: { was?: string } }>("/broadcasts/:id/progress", async (request, reply) => {
    actorOf(request);
    const b = await broadcastOf(request.params.id);
    const counts = await recipientCounts(db, b.id);
    if (request.query.was && request.query.was !== b.status) void reply.header("hx-refresh", "true");
    const html = await reply.viewAsync("partials/broadcast-progress", { p: progressOf(b, counts), f: formats });
    return reply.type("text/html; charset=utf-8").send(html);
  });

  /** Runs a button's action; a clash with the current state (another coordinator was quicker) comes back as a flash. */
  const act = (ok: string, action: (id: string, request: FastifyRequest) => Promise<void>) => async (request: FastifyRequest<IdParams>, reply: FastifyReply) => {
    const id = request.params.id;
    try {
      await action(id, request);
    } catch (err) {
      if (!isAppError(err, "conflict")) throw err;
      const reason = String(err.detail?.reason ?? "");
      return redirectWith(reply, `/console/broadcasts/${id}`, { err: reason === "notPoll" ? "broadcastNotPoll" : reason === "closed" ? "pollAlreadyClosed" : "broadcastState" });
    }
    return redirectWith(reply, `/console/broadcasts/${id}`, { ok });
  };

  scope.post<IdParams>("/broadcasts/:id/pause", act("broadcastPaused", (id, request) => pauseBroadcast({ db, actor: actorOf(request), id, pause: true, now: clock.now() })));
  scope.post<IdParams>("/broadcasts/:id/resume", act("broadcastResumed", (id, request) => pauseBroadcast({ db, actor: actorOf(request), id, pause: false, now: clock.now() })));
  scope.post<IdParams>("/broadcasts/:id/close", act("pollClosed", (id, request) => closePoll({ db, actor: actorOf(request), id, now: clock.now() })));

  scope.get<{ Params: { id: string; format: string } }>("/broadcasts/:id/results.:format", async (request, reply) => {
    actorOf(request);
    const format = request.params.format;
    if (format !== "csv" && format !== "xlsx") throw new AppError("not_found", { message: `no ${format} file of a poll` });
    const b = await broadcastOf(request.params.id);
    const results = await pollResults(db, b.id);
    if (!results) throw new AppError("not_found", { message: `broadcast ${b.id} is not a poll` });
    reply.header("content-disposition", `attachment; filename="khao-sat-${formats.isoDay(b.createdAt)}-${b.id}.${format}"`);
    if (format === "csv") return reply.type("text/csv; charset=utf-8").send(pollCsv(results));
    return reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await pollXlsx(results, b.text));
  });
}
