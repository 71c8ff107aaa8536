// /api/v1/proposals: list, read, answer and change the status of proposals, as the token's staff
// member and within their scope. Each route validates, calls the console's use case for the same
// action (so both apply one rule and write one audit entry) and returns it in the API's shape.
import type { FastifyInstance } from "fastify";
import { getProposalDetail } from "../proposals/get-proposal-detail.ts";
import { listProposals } from "../proposals/list-proposals.ts";
import { sendStaffAnswer } from "../proposals/send-staff-answer.ts";
import { setProposalStatus } from "../proposals/set-proposal-status.ts";
import { findDepartment } from "../staff/find-department.ts";
import { callerOf } from "./bearer-auth.ts";
import { toApiProposalDetail, toProposalPage } from "./proposal-view.ts";
import type { ApiDeps } from "./deps.ts";
import { AnswerInput, parseInput, ProposalListQuery, StatusInput } from "./schemas.ts";

type CodeParams = { Params: { code: string } };

export function registerProposalRoutes(api: FastifyInstance, deps: ApiDeps): void {
  const { db, prompts } = deps;

  api.get("/proposals", async (request) => {
    const { status, kind, department, page, pageSize } = parseInput(ProposalListQuery, request.query, "query");
    // The API names a department by id or slug; the queue's filter takes its id.
    const departmentId = department ? (await findDepartment(db, department)).id : undefined;
    const result = await listProposals({
      db,
      actor: callerOf(request),
      via: "api",
      filter: { status, kind, departmentId },
      sort: "created",
      page,
      pageSize,
      pastTheEnd: "empty",
      revealContact: true,
      now: deps.clock.now(),
    });
    return toProposalPage(result);
  });

  api.get<CodeParams>("/proposals/:code", async (request) => {
    return toApiProposalDetail(await getProposalDetail({ db, actor: callerOf(request), via: "api", code: request.params.code, now: deps.clock.now() }));
  });

  api.post<CodeParams>("/proposals/:code/answer", async (request) => {
    const { text } = parseInput(AnswerInput, request.body, "body");
    return sendStaffAnswer({ db, prompts, actor: callerOf(request), via: "api", code: request.params.code, answer: text, now: deps.clock.now() });
  });

  api.post<CodeParams>("/proposals/:code/status", async (request) => {
    const input = parseInput(StatusInput, request.body, "body");
    return setProposalStatus({ db, prompts, actor: callerOf(request), via: "api", code: request.params.code, ...input });
  });
}
