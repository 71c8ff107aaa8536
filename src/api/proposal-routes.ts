// /api/v1/proposals: list, read, answer and change the status of proposals, as the token's staff
// member and within their scope. Each route validates, calls one use case and returns its result.
import type { FastifyInstance } from "fastify";
import { answerProposalForApi } from "../proposals/answer-proposal-for-api.ts";
import { changeProposalStatusForApi } from "../proposals/change-proposal-status-for-api.ts";
import { getProposalForApi } from "../proposals/get-proposal-for-api.ts";
import { listProposalsForApi } from "../proposals/list-proposals-for-api.ts";
import { callerOf } from "./bearer-auth.ts";
import type { ApiDeps } from "./register-api.ts";
import { AnswerInput, parseInput, ProposalListQuery, StatusInput } from "./schemas.ts";

type CodeParams = { Params: { code: string } };

export function registerProposalRoutes(api: FastifyInstance, deps: ApiDeps): void {
  const { db, prompts } = deps;

  api.get("/proposals", async (request) => {
    const query = parseInput(ProposalListQuery, request.query, "query");
    return listProposalsForApi({ db, actor: callerOf(request), ...query });
  });

  api.get<CodeParams>("/proposals/:code", async (request) => {
    return getProposalForApi({ db, actor: callerOf(request), code: request.params.code });
  });

  api.post<CodeParams>("/proposals/:code/answer", async (request) => {
    const { text } = parseInput(AnswerInput, request.body, "body");
    return answerProposalForApi({ db, prompts, actor: callerOf(request), code: request.params.code, text });
  });

  api.post<CodeParams>("/proposals/:code/status", async (request) => {
    const input = parseInput(StatusInput, request.body, "body");
    return changeProposalStatusForApi({ db, prompts, actor: callerOf(request), code: request.params.code, ...input });
  });
}
