// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json without authentication so
// that integrators can generate clients. Request schemas come from the zod schemas the routes
// validate with; response shapes are written out here.
import { z } from "zod";
import { RECIPIENT_STATUSES } from "../announcements/broadcast-recipients.ts";
import { AGE_BANDS, BROADCAST_KINDS, BROADCAST_STATUSES, SEGMENT_CHANNELS } from "../announcements/broadcast-terms.ts";
import { OPPORTUNITY_KINDS } from "../announcements/opportunity-status.ts";
import { ROUND_KINDS, ROUND_STATUSES } from "../dialogue/round-status.ts";
import { PROPOSAL_KINDS, PROPOSAL_STATUSES } from "../proposals/proposal-status.ts";
import { BroadcastId } from "./broadcast-routes.ts";
import { OpportunitiesQuery } from "./opportunity-routes.ts";
import { RoundSlug } from "./round-routes.ts";
import { AnswerInput, DocumentUploadInput, ProposalCode, ProposalListQuery, StatusInput } from "./schemas.ts";

type JsonSchema = Record<string, unknown>;

function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input" }) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const dateTime = { type: "string", format: "date-time" };
const nullable = (schema: JsonSchema) => ({ anyOf: [schema, { type: "null" }] });
const json = (schema: JsonSchema) => ({ content: { "application/json": { schema } } });
const ok = (description: string, schema: JsonSchema) => ({ description, ...json(schema) });
const error = (description: string) => ({ description, ...json(ref("Error")) });
/** The public operations share the pages' per-address limit (http/rate-limit.ts countPublicReads). */
const overAddressLimit = error("Over the per-address limit of the public pages and operations; retry after `Retry-After` seconds");

const schemas: Record<string, JsonSchema> = {
  Error: {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string", examples: ["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "payload_too_large"] },
          message: { type: "string" },
          field: { type: "string", description: "The request field that was wrong, for validation errors" },
        },
      },
    },
  },
  Department: {
    type: "object",
    required: ["id", "slug", "name"],
    properties: { id: { type: "string" }, slug: { type: "string" }, name: { type: "string" } },
  },
  Proposal: {
    type: "object",
    description: "A proposal (KN-…) or an escalated question (CH-…). No personal data, except `contact` when the author consented to be contacted.",
    required: ["code", "kind", "status", "content", "topic", "department", "channel", "createdAt", "dueAt", "answeredAt", "answer", "overdue"],
    properties: {
      code: { type: "string", examples: ["KN-2026-00042"] },
      kind: { type: "string", enum: [...PROPOSAL_KINDS] },
      status: { type: "string", enum: [...PROPOSAL_STATUSES] },
      content: { type: "string" },
      topic: nullable({ type: "string" }),
      department: ref("Department"),
      channel: { type: "string", examples: ["web", "telegram", "zalo"] },
      createdAt: dateTime,
      dueAt: dateTime,
      answeredAt: nullable(dateTime),
      answer: nullable({ type: "string" }),
      overdue: { type: "boolean", description: "Still open after its due date" },
      contact: { type: "string", description: "Phone or email; present only with the author's consent" },
    },
  },
  ProposalEvent: {
    type: "object",
    required: ["from", "to", "actor", "note", "at"],
    properties: {
      from: nullable({ type: "string", enum: [...PROPOSAL_STATUSES] }),
      to: { type: "string", enum: [...PROPOSAL_STATUSES] },
      actor: { type: "string", examples: ["user", "api:staff@example.gov.vn"] },
      note: nullable({ type: "string" }),
      at: dateTime,
    },
  },
  ProposalWithHistory: {
    allOf: [ref("Proposal"), { type: "object", required: ["history"], properties: { history: { type: "array", items: ref("ProposalEvent") } } }],
  },
  ProposalPage: {
    type: "object",
    required: ["items", "page", "pageSize", "total"],
    properties: { items: { type: "array", items: ref("Proposal") }, page: { type: "integer" }, pageSize: { type: "integer" }, total: { type: "integer" } },
  },
  Document: {
    type: "object",
    required: ["id", "title", "kind", "status", "chunkCount", "sourcePath", "updatedAt", "updatedBy"],
    properties: {
      id: { type: "string" },
      title: { type: "string" },
      kind: { type: "string", enum: ["law", "faq", "guide"] },
      status: { type: "string", enum: ["in_force", "expired", "replaced"] },
      chunkCount: { type: "integer" },
      sourcePath: { type: "string", examples: ["upload/huong-dan.md", "knowledge/luat-thanh-nien.md"] },
      updatedAt: dateTime,
      updatedBy: nullable({ type: "string" }),
    },
  },
  UploadedDocument: {
    type: "object",
    required: ["id", "title", "status", "chunkCount", "sourcePath"],
    properties: {
      id: { type: "string" },
      title: { type: "string" },
      status: { type: "string", enum: ["created", "updated", "unchanged"] },
      chunkCount: { type: "integer" },
      sourcePath: { type: "string" },
    },
  },
  RoundSummary: {
    type: "object",
    description: "A dialogue conference or a department's policy forum: its public plan. Times are UTC; the province works in Vietnam time (UTC+7).",
    required: ["slug", "title", "kind", "status", "organiser", "topics", "collectFrom", "collectUntil", "voteFrom", "voteUntil", "meetingAt", "answersDue"],
    properties: {
      slug: { type: "string", examples: ["doi-thoai-giua-chu-tich-ubnd-tinh-voi-thanh-nien-2027"] },
      title: { type: "string" },
      kind: { type: "string", enum: [...ROUND_KINDS] },
      status: { type: "string", enum: [...ROUND_STATUSES] },
      organiser: nullable({ type: "string", description: "The organising department of a forum" }),
      topics: { type: "array", items: { type: "string" } },
      collectFrom: dateTime,
      collectUntil: dateTime,
      voteFrom: dateTime,
      voteUntil: dateTime,
      meetingAt: dateTime,
      answersDue: dateTime,
    },
  },
  RoundQuestion: {
    type: "object",
    description: "A question of a round as published: the coordinator-approved anonymised summary, never the sender's words or identity.",
    required: ["summary", "votes", "onAgenda", "department", "answer"],
    properties: {
      summary: { type: "string" },
      votes: { type: "integer" },
      onAgenda: { type: "boolean" },
      department: nullable({ type: "string", description: "The answering department, for a question on the agenda" }),
      answer: nullable({ type: "string", description: "The approved public answer, after the meeting" }),
    },
  },
  Round: {
    allOf: [
      ref("RoundSummary"),
      {
        type: "object",
        required: ["questions", "conclusions", "concludedAt"],
        properties: {
          questions: { type: "array", items: ref("RoundQuestion"), description: "Empty before voting; the approved questions with votes during voting; the agenda after the meeting" },
          conclusions: nullable({ type: "string" }),
          concludedAt: nullable(dateTime),
        },
      },
    ],
  },
  Opportunity: {
    type: "object",
    description:
      "A job, job fair, course, startup call, volunteering call or event that is current: not withdrawn and before its deadline or end (`expiresAt`). Times are UTC; a day entered in Vietnam time starts at 00:00 and a deadline or end day ends at 23:59:59.999 (UTC+7).",
    required: ["id", "kind", "status", "title", "organiser", "place", "placeKey", "startsAt", "endsAt", "deadline", "expiresAt", "ageMin", "ageMax", "topics", "link", "contact"],
    properties: {
      id: { type: "string" },
      kind: { type: "string", enum: [...OPPORTUNITY_KINDS] },
      status: { type: "string", enum: ["upcoming", "open"], description: "upcoming: not started yet; open: started, or without a start date" },
      title: { type: "string" },
      organiser: { type: "string" },
      place: { type: "string", description: "A commune or ward as the organiser wrote it, or \"online\"" },
      placeKey: { type: "string", description: "The place folded (no diacritics, lower case): what the place filter compares", examples: ["phuong rach gia", "online"] },
      startsAt: nullable(dateTime),
      endsAt: nullable(dateTime),
      deadline: nullable(dateTime),
      expiresAt: { ...dateTime, description: "The earliest of the deadline and the end: from then on it is no longer listed" },
      ageMin: nullable({ type: "integer" }),
      ageMax: nullable({ type: "integer" }),
      topics: { type: "array", items: { type: "string" }, description: "Topic codes of knowledge/topics.json" },
      link: nullable({ type: "string", format: "uri", description: "Always https" }),
      contact: nullable({ type: "string" }),
    },
  },
  Broadcast: {
    type: "object",
    description:
      "An announcement or a poll sent from the console to a segment of the subscribers, with its progress: recipients are counted per status, never named. " +
      "waiting: not yet in the outbox (sending goes a window at a time, never 21:00–07:00 Vietnam time); pending/sending: in the outbox; sent; failed; skipped: stopped notices or became unreachable before their turn.",
    required: ["id", "kind", "status", "text", "segment", "createdAt", "finishedAt", "counts", "poll"],
    properties: {
      id: { type: "string" },
      kind: { type: "string", enum: [...BROADCAST_KINDS] },
      status: { type: "string", enum: [...BROADCAST_STATUSES], description: "sending; paused by a coordinator; sent: nobody is left waiting" },
      text: { type: "string" },
      segment: {
        type: "object",
        description: "Who it was sent to; an empty list or area means any",
        required: ["kinds", "area", "ageBands", "channels"],
        properties: {
          kinds: { type: "array", items: { type: "string", enum: [...OPPORTUNITY_KINDS] }, description: "Subscribers to these kinds of opportunity" },
          area: { type: "string", description: "A commune or ward; empty: the whole province" },
          ageBands: { type: "array", items: { type: "string", enum: [...AGE_BANDS] } },
          channels: { type: "array", items: { type: "string", enum: [...SEGMENT_CHANNELS] } },
        },
      },
      createdAt: dateTime,
      finishedAt: nullable(dateTime),
      counts: {
        type: "object",
        required: [...RECIPIENT_STATUSES, "total"],
        properties: Object.fromEntries([...RECIPIENT_STATUSES, "total"].map((k) => [k, { type: "integer" }])),
      },
      poll: nullable({
        type: "object",
        description: "A poll's results (null for an announcement)",
        required: ["options", "answered", "asked", "closed", "closedAt"],
        properties: {
          options: {
            type: "array",
            items: { type: "object", required: ["option", "label", "count"], properties: { option: { type: "integer", description: "1-based" }, label: { type: "string" }, count: { type: "integer" } } },
          },
          answered: { type: "integer", description: "People who answered (one answer each)" },
          asked: { type: "integer", description: "People the poll was sent to or is still to be sent to" },
          closed: { type: "boolean", description: "No more answers are taken" },
          closedAt: nullable(dateTime),
        },
      }),
    },
  },
  AnswerInput: inputSchema(AnswerInput),
  StatusInput: inputSchema(StatusInput),
  DocumentUploadInput: inputSchema(DocumentUploadInput),
};

function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const object = inputSchema(schema) as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: "query", required: object.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

const codeParam = { name: "code", in: "path", required: true, schema: inputSchema(ProposalCode) };
const denied = { "401": error("No valid bearer token"), "403": error("The token's staff member may not do this") };

export function buildOpenApiDocument(): JsonSchema {
  const document = {
    openapi: "3.1.0",
    info: {
      title: "Trợ lý Thanh niên – API for other government systems",
      version: "1.0.0",
      description:
        "Proposals from young people and the knowledge base, for other systems of the province (e.g. the document management system). " +
        "Every call except this document needs `Authorization: Bearer <token>`; a token acts as one staff member, with that member's role and scope " +
        "(department staff see their department only; items outside the scope are 404). Errors are `{\"error\":{\"code\",\"message\",\"field?\"}}`. " +
        "Each token may make API_RATE_PER_MINUTE calls a minute (600 unless the operator changed it); beyond that the answer is 429 with `Retry-After` (seconds). " +
        "The public operations (rounds, opportunities) need no token and are counted per client address together with the public pages, PUBLIC_PAGES_RATE_PER_IP_PER_MINUTE a minute (120 unless changed).",
    },
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    security: [{ bearer: [] }],
    paths: {
      "/api/v1/proposals": {
        get: {
          operationId: "listProposals",
          summary: "Proposals in the token's scope, newest first",
          parameters: queryParameters(ProposalListQuery),
          responses: { "200": ok("One page", ref("ProposalPage")), "400": error("A bad query parameter (named in `field`)"), "401": denied["401"] },
        },
      },
      "/api/v1/proposals/{code}": {
        get: {
          operationId: "getProposal",
          summary: "One proposal with its status history",
          parameters: [codeParam],
          responses: { "200": ok("The proposal", ref("ProposalWithHistory")), "401": denied["401"], "404": error("Unknown, or outside the token's scope") },
        },
      },
      "/api/v1/proposals/{code}/answer": {
        post: {
          operationId: "answerProposal",
          summary: "Answer a proposal; the answer is delivered to the author in the chat they used",
          parameters: [codeParam],
          requestBody: { required: true, ...json(ref("AnswerInput")) },
          responses: {
            "200": ok("Answered", {
              type: "object",
              required: ["code", "status", "delivered"],
              properties: { code: { type: "string" }, status: { const: "answered" }, delivered: { type: "boolean", description: "False when the author cannot be reached (e.g. erased their data)" } },
            }),
            "400": error("Bad input (named in `field`)"),
            ...denied,
            "404": error("Unknown, or outside the token's scope"),
            "409": error("The proposal is closed or rejected"),
          },
        },
      },
      "/api/v1/proposals/{code}/status": {
        post: {
          operationId: "changeProposalStatus",
          summary: "Move a proposal to another status (and optionally another department); the author is told",
          parameters: [codeParam],
          requestBody: { required: true, ...json(ref("StatusInput")) },
          responses: {
            "200": ok("Changed", {
              type: "object",
              required: ["code", "status"],
              properties: { code: { type: "string" }, status: { type: "string", enum: [...PROPOSAL_STATUSES] } },
            }),
            "400": error("Bad input (named in `field`)"),
            ...denied,
            "404": error("Unknown, or outside the token's scope"),
            "409": error("The move is not allowed from the current status"),
          },
        },
      },
      "/api/v1/documents": {
        get: {
          operationId: "listDocuments",
          summary: "Every knowledge document (administrators)",
          responses: { "200": ok("The documents", { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("Document") } } }), ...denied },
        },
        post: {
          operationId: "uploadDocument",
          summary: "Add or replace a knowledge document (administrators); searchable when the call returns",
          description: "Stored as `upload/<safe file name>`; uploading the same name again replaces the document.",
          requestBody: { required: true, ...json(ref("DocumentUploadInput")) },
          responses: {
            "201": ok("Created", ref("UploadedDocument")),
            "200": ok("Updated, or unchanged (same content)", ref("UploadedDocument")),
            "400": error("Bad input, or the file could not be read (the reason says why)"),
            ...denied,
            "413": error("Larger than UPLOAD_MAX_BYTES"),
            "503": error("PARSE_QUEUE_LENGTH uploads are already waiting to be read; try again later"),
          },
        },
      },
      "/api/v1/documents/{id}": {
        delete: {
          operationId: "deleteDocument",
          summary: "Remove an uploaded knowledge document (administrators)",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": ok("Deleted", { type: "object", required: ["id", "deleted"], properties: { id: { type: "string" }, deleted: { const: true } } }),
            ...denied,
            "404": error("No such document"),
            "409": error("The document comes from the knowledge folder; remove the file there"),
          },
        },
      },
      "/api/v1/broadcasts/{id}": {
        get: {
          operationId: "getBroadcast",
          summary: "One announcement or poll: status, recipients per status and a poll's results (coordinators and administrators)",
          parameters: [{ name: "id", in: "path", required: true, schema: inputSchema(BroadcastId) }],
          responses: { "200": ok("The broadcast", ref("Broadcast")), "400": error("Not a broadcast's id"), ...denied, "404": error("No such broadcast") },
        },
      },
      "/api/v1/rounds": {
        get: {
          operationId: "listRounds",
          summary: "Dialogue conferences and policy forums: their public plans (no token needed)",
          security: [],
          responses: { "200": ok("Every round, the most recent meeting first", { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("RoundSummary") } } }), "429": overAddressLimit },
        },
      },
      "/api/v1/rounds/{slug}": {
        get: {
          operationId: "getRound",
          summary: "One round as published at /doi-thoai/{slug}: plan, questions, answers, conclusions (no token needed)",
          security: [],
          parameters: [{ name: "slug", in: "path", required: true, schema: inputSchema(RoundSlug) }],
          responses: { "200": ok("The round", ref("Round")), "400": error("Not a round's slug"), "404": error("No such round"), "429": overAddressLimit },
        },
      },
      "/api/v1/opportunities": {
        get: {
          operationId: "listOpportunities",
          summary: "Current opportunities, as listed at /co-hoi (no token needed)",
          security: [],
          parameters: queryParameters(OpportunitiesQuery),
          responses: {
            "200": ok("The current opportunities matching the filters, the nearest deadline or end first, 50 a page; with `age` or `audience`, those naming the age or the audience come first, then those open to everyone, each by nearest deadline", {
              type: "object",
              required: ["items", "total", "page", "perPage"],
              properties: { items: { type: "array", items: ref("Opportunity") }, total: { type: "integer" }, page: { type: "integer" }, perPage: { type: "integer" } },
            }),
            "400": error("A filter is invalid (an age outside 10–40, an unknown audience…); the message names it"),
            "429": overAddressLimit,
          },
        },
      },
      "/api/v1/openapi.json": {
        get: { operationId: "getOpenApi", summary: "This document", security: [], responses: { "200": ok("OpenAPI 3.1", { type: "object" }) } },
      },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A token from `npm run cli -- token create --email <staff email>` (starts with ya_)" } },
      schemas,
    },
  };
  // Every authenticated operation counts against the token's rate limit.
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as Array<{ security?: unknown[]; responses: Record<string, unknown> }>) {
      if (operation.security?.length !== 0) operation.responses["429"] = error("Over the token's rate limit; retry after `Retry-After` seconds");
    }
  }
  return document;
}
