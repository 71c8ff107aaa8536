// One item's page and the staff actions on it: answer (delivered through the outbox), change the
// status or reject with a reason, add an internal note, reassign to another department and correct
// the topic (coordinators and administrators), merge into a similar item. Every read and write goes through
// the proposals use cases, which check the role and scope (another department's item is a 404).
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { defaultTopics } from "../../knowledge/topics.ts";
import { addNote } from "../../proposals/add-note.ts";
import { findSimilarProposals } from "../../proposals/find-similar-proposals.ts";
import { getProposalDetail } from "../../proposals/get-proposal-detail.ts";
import { listQueueOptions } from "../../proposals/list-queue-options.ts";
import { mergeProposals } from "../../proposals/merge-proposals.ts";
import { CODE_PATTERN, NEXT_STATUSES, OPEN_STATUSES, type ProposalStatus } from "../../proposals/proposal-status.ts";
import { reassignProposal } from "../../proposals/reassign-proposal.ts";
import { sendStaffAnswer } from "../../proposals/send-staff-answer.ts";
import { setProposalStatus, STAFF_STATUS_CHANGES } from "../../proposals/set-proposal-status.ts";
import { can } from "../../staff/staff-scope.ts";
import { sessionOf } from "../auth/guard.ts";
import { formOf } from "../forms.ts";
import type { ConsoleDeps } from "../deps.ts";
import { formats, redirectWith, renderPage } from "../render.ts";
import { strings } from "../strings.ts";

type CodeParams = { Params: { code: string } };

function codeOf(raw: string): string {
  const code = raw.trim().toUpperCase();
  const m = CODE_PATTERN.exec(code);
  if (!m || m[0] !== code) throw new AppError("not_found", { message: `no item ${raw.slice(0, 40)}` });
  return code;
}

/** Runs a staff action; a refused one (bad input, wrong state) goes back to the page with a message. */
async function act(reply: FastifyReply, code: string, okKey: string, action: () => Promise<string | void>): Promise<FastifyReply> {
  const back = `/console/items/${code}`;
  try {
    const key = await action();
    return redirectWith(reply, back, { ok: key || okKey });
  } catch (err) {
    if (err instanceof AppError && (err.code === "bad_request" || err.code === "conflict")) {
      const field = typeof err.detail?.field === "string" && strings.err[err.detail.field] ? err.detail.field : err.code;
      return redirectWith(reply, back, { err: field });
    }
    throw err;
  }
}

const StatusForm = z.object({ status: z.enum(STAFF_STATUS_CHANGES), note: z.string().max(2000).optional() });

export function registerItemRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { db, prompts } = deps;

  scope.get<CodeParams>("/items/:code", async (request, reply) => {
    const { actor, id: sessionId } = sessionOf(request);
    const item = await getProposalDetail({ db, actor, sessionId, code: codeOf(request.params.code), now: deps.clock.now() });
    const open = (OPEN_STATUSES as string[]).includes(item.status);
    const triage = can(actor, "triage");
    const [similar, options] = await Promise.all([
      triage && open && !item.mergedInto ? findSimilarProposals({ db, actor, code: item.code, content: item.content }) : [],
      triage ? listQueueOptions({ db, actor }) : { departments: [], topics: [] },
    ]);
    return renderPage(request, reply, "item", {
      title: `${strings.kind[item.kind] ?? item.kind} ${item.code}`,
      item,
      open,
      similar,
      // Every department, the item's own first: keeping it and changing only the topic corrects the topic.
      departments: [...options.departments.filter((d) => d.id === item.departmentId), ...options.departments.filter((d) => d.id !== item.departmentId)],
      person: item.personTag ? strings.person.pseudonym(item.personTag) : strings.person.erased,
      canAnswer: can(actor, "answer") && item.status !== "closed" && item.status !== "rejected",
      // The status buttons this person may press from here (closing and rejecting need "close").
      nextStatuses: (NEXT_STATUSES[item.status as ProposalStatus] ?? []).filter(
        (s): s is (typeof STAFF_STATUS_CHANGES)[number] =>
          (STAFF_STATUS_CHANGES as readonly string[]).includes(s) && can(actor, s === "in_progress" ? "answer" : "close"),
      ),
      canFaq: can(actor, "manageKnowledge") && item.kind === "question" && !!item.answer,
    });
  });

  scope.get<CodeParams>("/items/:code/deliveries", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const item = await getProposalDetail({ db, actor, code: codeOf(request.params.code), revealContact: false, now: deps.clock.now() });
    const html = await reply.viewAsync("partials/deliveries", { item, s: strings, f: formats });
    return reply.type("text/html; charset=utf-8").send(html);
  });

  scope.post<CodeParams>("/items/:code/answer", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const code = codeOf(request.params.code);
    return act(reply, code, "answered", async () => {
      const result = await sendStaffAnswer({ db, prompts, actor, code, answer: formOf(request.body).answer ?? "", now: deps.clock.now() });
      deps.events?.emit("outboxWritten", {});
      return result.delivered ? "answered" : "answeredNotDelivered";
    });
  });

  scope.post<CodeParams>("/items/:code/status", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const code = codeOf(request.params.code);
    const form = StatusForm.safeParse(formOf(request.body));
    if (!form.success) throw new AppError("bad_request", { message: "unknown status", detail: { field: "status" } });
    return act(reply, code, "status", async () => {
      await setProposalStatus({ db, prompts, actor, code, status: form.data.status, note: form.data.note });
      deps.events?.emit("outboxWritten", {});
    });
  });

  scope.post<CodeParams>("/items/:code/note", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const code = codeOf(request.params.code);
    return act(reply, code, "note", () => addNote({ db, actor, code, text: formOf(request.body).text ?? "" }));
  });

  scope.post<CodeParams>("/items/:code/reassign", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const code = codeOf(request.params.code);
    const form = formOf(request.body);
    return act(reply, code, "reassigned", async () => {
      const input = { departmentId: form.departmentId ?? "", ...(form.topic !== undefined ? { topic: form.topic } : {}), ...(form.note !== undefined ? { note: form.note } : {}) };
      const done = await reassignProposal({ db, prompts, actor, code, input, topics: defaultTopics() });
      if (done === "moved") deps.events?.emit("outboxWritten", {});
      return done === "moved" ? "reassigned" : "topicCorrected";
    });
  });

  scope.post<CodeParams>("/items/:code/merge", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const code = codeOf(request.params.code);
    const into = (formOf(request.body).into ?? "").trim().toUpperCase();
    return act(reply, code, "merged", async () => {
      if (!CODE_PATTERN.test(into)) throw new AppError("bad_request", { message: "no item to merge into", detail: { field: "into" } });
      await mergeProposals({ db, actor, code, intoCode: into, historyNote: strings.mergedNote(into) });
    });
  });
}
