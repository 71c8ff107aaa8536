// The "Cơ hội" pages for coordinators and administrators: the list of opportunities (current,
// closed, expired, withdrawn), the form to add or correct one (a refusal comes back with what was
// typed and one Vietnamese sentence naming the field), withdrawing one, the CSV import with its
// line-by-line report, and the feeds read on a schedule (feed-routes.ts). Each action is one use
// case of src/announcements/. Department staff do not see these pages yet (no opportunity belongs
// to a department in this first slice).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createOpportunity } from "../../announcements/create-opportunity.ts";
import { editOpportunity } from "../../announcements/edit-opportunity.ts";
import { findOpportunity, listAllOpportunities, type OpportunityRow } from "../../announcements/find-opportunities.ts";
import { importOpportunities, type ImportLine } from "../../announcements/import-opportunities.ts";
import { OPPORTUNITY_KINDS } from "../../announcements/opportunity-status.ts";
import { withdrawOpportunity } from "../../announcements/withdraw-opportunity.ts";
import { AppError, isAppError } from "../../errors.ts";
import { defaultTopics } from "../../knowledge/topics.ts";
import { assertCan } from "../../staff/staff-scope.ts";
import { checkCsrf, sessionOf } from "../auth/guard.ts";
import type { ConsoleDeps } from "../deps.ts";
import { formOf } from "../forms.ts";
import { formats, redirectWith, renderPage } from "../render.ts";
import { feedSection, registerFeedRoutes, type FeedFormState } from "./feed-routes.ts";

type IdParams = { Params: { id: string } };

/** The CSV import reads its CSRF field itself (a multipart form). */
export const IMPORT_ROUTE = "/console/opportunities/import";

/** The largest CSV accepted: about 5,000 lines. */
const MAX_CSV_BYTES = 2 * 1024 * 1024;

const STATUS: Record<string, string> = { upcoming: "Sắp diễn ra", open: "Đang mở", closed: "Đã hết hạn đăng ký", expired: "Đã kết thúc", withdrawn: "Đã gỡ" };
const FIELD: Record<string, string> = {
  kind: "Loại",
  title: "Tên cơ hội",
  organiser: "Đơn vị tổ chức",
  place: "Địa bàn",
  startsAt: "Ngày bắt đầu",
  endsAt: "Ngày kết thúc",
  deadline: "Hạn đăng ký",
  ageMin: "Tuổi từ",
  ageMax: "Tuổi đến",
  topics: "Chủ đề",
  link: "Đường dẫn",
  contact: "Liên hệ",
  sourceId: "Mã nguồn",
};
const REASON: Record<string, (label: string) => string> = {
  required: (l) => `${l}: cần điền.`,
  date: (l) => `${l}: chưa đúng ngày (chọn trên lịch, hoặc nhập dạng 2027-03-31 hay 31/03/2027).`,
  order: (l) => (l === FIELD.deadline ? "Hạn đăng ký không được sau ngày kết thúc." : "Ngày kết thúc phải sau ngày bắt đầu."),
  past: () => "Cơ hội này đã hết hạn hoặc đã kết thúc: không thêm được cơ hội đã qua.",
  noDate: () => "Cần ít nhất một ngày (bắt đầu, kết thúc hoặc hạn đăng ký) để cơ hội tự hết hạn.",
  https: (l) => `${l}: phải là địa chỉ bắt đầu bằng https://.`,
  topic: (l) => `${l}: có mã chủ đề không có trong danh mục chủ đề.`,
  age: (l) => `${l}: tuổi phải là số từ 0 đến 120, “tuổi đến” không nhỏ hơn “tuổi từ”.`,
  long: (l) => `${l}: quá dài.`,
  invalid: (l) => `${l}: chưa hợp lệ.`,
  duplicate: () => "Đã có cơ hội trùng (cùng tên, cùng đơn vị tổ chức, cùng ngày bắt đầu).",
  columns: () => "Dòng có nhiều ô hơn dòng tiêu đề (có dấu phân cách trong một ô chưa đặt trong ngoặc kép).",
  withdrawn: () => "Cơ hội này đã được gỡ.",
};

/** A refusal as the coordinator reads it: which field, and why, in Vietnamese. */
export function refusalText(field: string, reason: string): string {
  return (REASON[reason] ?? REASON.invalid!)(FIELD[field] ?? "Thông tin");
}

function errorText(err: AppError): string {
  return refusalText(String(err.detail?.field ?? ""), String(err.detail?.reason ?? "invalid"));
}

const FORM_FIELDS = Object.keys(FIELD);

/** A stored opportunity as the form shows it (dates as the date inputs want them, in Vietnam time). */
function formOfOpportunity(o: OpportunityRow): Record<string, string> {
  const d = (at: Date | null) => (at ? formats.isoDay(at) : "");
  return {
    kind: o.kind,
    title: o.title,
    organiser: o.organiser,
    place: o.place,
    startsAt: d(o.startsAt),
    endsAt: d(o.endsAt),
    deadline: d(o.deadline),
    ageMin: o.ageMin === null ? "" : String(o.ageMin),
    ageMax: o.ageMax === null ? "" : String(o.ageMax),
    topics: o.topics,
    link: o.link ?? "",
    contact: o.contact ?? "",
  };
}

export function registerOpportunityRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { db, clock, prompts } = deps;
  // Subscribers are told of a new opportunity in its transaction (announcements/notify-subscribers.ts).
  const notices = { prompts, publicBaseUrl: deps.config.publicBaseUrl };
  const topics = defaultTopics();
  const topicCodes = new Set(topics.codes());
  const kinds = Object.fromEntries(OPPORTUNITY_KINDS.map((k) => [k, prompts.t("vi", `opportunities.kinds.${k}`)]));
  const actorOf = (request: FastifyRequest) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "triage");
    return actor;
  };
  const input = (values: Record<string, string>) => Object.fromEntries(FORM_FIELDS.filter((f) => f !== "sourceId").map((f) => [f, values[f] ?? ""]));

  const listPage = async (request: FastifyRequest, reply: FastifyReply, extra: { report?: { imported: number; duplicates: number; refused: number; lines: (ImportLine & { text: string })[] }; importError?: string; feedForm?: FeedFormState } = {}, status = 200) => {
    const { rows } = await listAllOpportunities(db, clock.now(), { take: 200 });
    const opportunities = rows.map((o) => ({ ...o, statusLabel: STATUS[o.status] ?? o.status, kindLabel: kinds[o.kind] ?? o.kind }));
    // The "Nguồn cấp" section (feed-routes.ts): its texts come from prompts/ (feeds.*).
    const feeds = await feedSection(deps, request, refusalText, extra.feedForm);
    const ft = (key: string, vars: Record<string, string | number> = {}) => prompts.t("vi", `feeds.${key}`, vars);
    return renderPage(
      request,
      reply,
      "opportunities",
      { title: "Cơ hội cho thanh niên", opportunities, fields: FORM_FIELDS.join(","), report: extra.report ?? null, importError: extra.importError ?? null, feeds, ft, kinds, topicList: topics.codes().map((c) => ({ code: c, name: topics.name(c) })) },
      status,
    );
  };
  const formPage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, opts: { id?: string; error?: string } = {}) =>
    renderPage(
      request,
      reply,
      "opportunity-form",
      { title: opts.id ? "Sửa cơ hội" : "Thêm cơ hội", values, id: opts.id ?? null, error: opts.error ?? null, kinds, topics: topics.codes().map((c) => ({ code: c, name: topics.name(c) })) },
      opts.error ? 400 : 200,
    );

  scope.get("/opportunities", async (request, reply) => {
    actorOf(request);
    return listPage(request, reply);
  });

  registerFeedRoutes(scope, deps, (request, reply, feedForm, status) => listPage(request, reply, { feedForm }, status));

  scope.get("/opportunities/new", async (request, reply) => {
    actorOf(request);
    return formPage(request, reply, { kind: "job" });
  });

  scope.post("/opportunities", async (request, reply) => {
    const actor = actorOf(request);
    const values = formOf(request.body);
    try {
      await createOpportunity({ db, actor, input: input(values), topics: topicCodes, now: clock.now(), notices });
      return redirectWith(reply, "/console/opportunities", { ok: "opportunitySaved" });
    } catch (err) {
      if (isAppError(err, "bad_request", "conflict")) return formPage(request, reply, values, { error: errorText(err) });
      throw err;
    }
  });

  scope.get<IdParams>("/opportunities/:id/edit", async (request, reply) => {
    actorOf(request);
    const o = await findOpportunity(db, request.params.id);
    if (!o) throw new AppError("not_found", { message: `opportunity ${request.params.id} not found` });
    return formPage(request, reply, formOfOpportunity(o), { id: o.id });
  });

  scope.post<IdParams>("/opportunities/:id/edit", async (request, reply) => {
    const actor = actorOf(request);
    const values = formOf(request.body);
    const id = request.params.id;
    try {
      await editOpportunity({ db, actor, id, input: input(values), topics: topicCodes, now: clock.now() });
      return redirectWith(reply, "/console/opportunities", { ok: "opportunitySaved" });
    } catch (err) {
      if (isAppError(err, "bad_request", "conflict")) return formPage(request, reply, values, { id, error: errorText(err) });
      throw err;
    }
  });

  scope.post<IdParams>("/opportunities/:id/withdraw", async (request, reply) => {
    const actor = actorOf(request);
    await withdrawOpportunity({ db, actor, id: request.params.id, now: clock.now() });
    return redirectWith(reply, "/console/opportunities", { ok: "opportunityWithdrawn" });
  });

  scope.post("/opportunities/import", async (request, reply) => {
    const session = sessionOf(request);
    const actor = actorOf(request);
    let csrf: unknown;
    let file: { name: string; bytes: Buffer } | undefined;
    try {
      for await (const part of request.parts({ limits: { fileSize: MAX_CSV_BYTES } })) {
        if (part.type === "file") file = { name: part.filename, bytes: await part.toBuffer() };
        else if (part.fieldname === "_csrf") csrf = part.value;
      }
    } catch (err) {
      checkCsrf(csrf, session.csrfToken);
      if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") return listPage(request, reply, { importError: "Tệp quá lớn: tối đa 2 MB (khoảng 5.000 dòng); hãy chia thành nhiều tệp." }, 413);
      throw err;
    }
    checkCsrf(csrf, session.csrfToken);
    if (!file || !file.name || file.bytes.length === 0) return listPage(request, reply, { importError: "Hãy chọn một tệp CSV." }, 400);
    try {
      const report = await importOpportunities({ db, actor, csv: file.bytes.toString("utf8"), fileName: file.name, topics: topicCodes, now: clock.now(), notices });
      const lines = report.lines.map((l) => ({
        ...l,
        text: l.outcome === "imported" ? "Đã thêm" : l.outcome === "duplicate" ? "Trùng với cơ hội đã có, bỏ qua" : `Không thêm: ${refusalText(l.field, l.reason)}`,
      }));
      return listPage(request, reply, { report: { ...report, lines } });
    } catch (err) {
      if (isAppError(err, "bad_request", "payload_too_large")) {
        const reason = String(err.detail?.reason ?? "");
        const text =
          reason === "header"
            ? `Dòng đầu tiên của tệp phải là tên các cột: ${FORM_FIELDS.join(",")} (ít nhất kind,title,organiser,place).`
            : reason === "rows"
              ? "Tệp có quá nhiều dòng: tối đa 5.000 dòng một lần."
              : "Tệp trống.";
        return listPage(request, reply, { importError: text }, 400);
      }
      throw err;
    }
  });
}
