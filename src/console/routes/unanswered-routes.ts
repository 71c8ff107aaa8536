// "What the bot could not answer": fallback questions grouped by similarity with counts, the
// escalated questions staff answered, and the FAQ drafting flow — one click turns a staff answer
// into an FAQ entry in the knowledge-base format, which an administrator edits and saves.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { draftFaqEntry, saveFaqEntry } from "../../knowledge/admin/draft-faq-entry.ts";
import { groupUnansweredQuestions } from "../../knowledge/admin/group-unanswered-questions.ts";
import { listAnsweredQuestions } from "../../proposals/list-answered-questions.ts";
import { redactPersonalData } from "../../privacy/mask.ts";
import { CODE_PATTERN } from "../../proposals/proposal-status.ts";
import { assertCan, can } from "../../staff/staff-scope.ts";
import { AppError, isAppError } from "../../errors.ts";
import { sessionOf } from "../auth/guard.ts";
import { dateRange, formOf } from "../forms.ts";
import type { ConsoleDeps } from "../deps.ts";
import { formats, redirectWith, renderPage } from "../render.ts";
import { strings } from "../strings.ts";

type CodeParams = { Params: { code: string } };

function codeOf(raw: string): string {
  const code = raw.trim().toUpperCase();
  if (CODE_PATTERN.exec(code)?.[0] !== code) throw new AppError("not_found", { message: `no item ${raw.slice(0, 40)}` });
  return code;
}

export function registerUnansweredRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { db } = deps;

  scope.get("/unanswered", async (request, reply) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "viewDashboard");
    const range = dateRange(request.query, deps.clock.now());
    const [unanswered, answered] = await Promise.all([
      groupUnansweredQuestions({ db, from: range.from, to: range.to }),
      listAnsweredQuestions({ db, actor }),
    ]);
    return renderPage(request, reply, "unanswered", { title: strings.nav.unanswered, range, unanswered, answered, canFaq: can(actor, "manageKnowledge") });
  });

  const draftPage = async (request: FastifyRequest, reply: FastifyReply, code: string, edit?: { markdown: string; error: string }) => {
    const now = deps.clock.now();
    const draft = await draftFaqEntry({ db, code, now });
    const mask = (t: string) => redactPersonalData(t, strings.mask);
    const markdown =
      edit?.markdown ??
      deps.renderText!("faq-entry", {
        q: (v: string) => JSON.stringify(v),
        code: draft.code,
        department: draft.departmentName,
        day: formats.date(now),
        topic: draft.topic ?? "thanh-nien",
        question: mask(draft.question),
        alternatives: draft.alternatives.map(mask),
        answer: mask(draft.answer).replace(/\n{2,}/g, "\n"),
      });
    return renderPage(request, reply, "faq-draft", { title: `${strings.nav.unanswered} – ${draft.code}`, draft, markdown, saveError: edit?.error ?? null }, edit ? 400 : 200);
  };

  scope.get<CodeParams>("/faq/:code", async (request, reply) => {
    assertCan(sessionOf(request).actor, "manageKnowledge");
    return draftPage(request, reply, codeOf(request.params.code));
  });

  scope.post<CodeParams>("/faq/:code", { bodyLimit: 1024 * 1024 }, async (request, reply) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "manageKnowledge");
    const code = codeOf(request.params.code);
    const markdown = formOf(request.body).markdown ?? "";
    try {
      const result = await saveFaqEntry({ db, code, markdown, actor: actor.email, maxBytes: deps.config.uploadMaxBytes });
      await deps.knowledge.catchUp();
      return redirectWith(reply, `/console/knowledge/${result.documentId}`, { ok: "faqSaved" });
    } catch (err) {
      if (isAppError(err, "document.refused")) return draftPage(request, reply, code, { markdown, error: err.detail.reason });
      throw err;
    }
  });
}
