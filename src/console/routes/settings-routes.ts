// Settings (administrators only): departments (name, kind, description, days to answer), routing
// rules (keywords, topic, priority, local matters to the commune; each editable on its own page),
// and staff accounts (create, role and department, deactivate, reset password — the temporary
// password is shown once, on the page, never in a URL).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../errors.ts";
import { createStaff } from "../../staff/create-staff.ts";
import { DEPARTMENT_KIND_NAMES } from "../../proposals/labels.ts";
import { loadRoutingRule, loadSettings } from "../../proposals/load-settings.ts";
import { DEPARTMENT_KINDS, saveDepartment, type DepartmentKind } from "../../proposals/save-department.ts";
import { deleteRoutingRule, saveRoutingRule } from "../../proposals/save-routing-rule.ts";
import { assertCan, STAFF_ROLES, type StaffRole } from "../../staff/staff-scope.ts";
import { updateStaff } from "../../staff/update-staff.ts";
import { sessionOf } from "../auth/guard.ts";
import { formOf } from "../forms.ts";
import type { ConsoleDeps } from "../deps.ts";
import { redirectWith, renderPage } from "../render.ts";
import { strings } from "../strings.ts";

type IdParams = { Params: { id: string } };
const BACK = "/console/settings";

function idOf(raw: string): string {
  if (!/^[\w-]{1,64}$/.test(raw)) throw new AppError("not_found", { message: "no such record" });
  return raw;
}

function roleOf(raw: string | undefined): StaffRole {
  if (!raw || !(STAFF_ROLES as readonly string[]).includes(raw)) throw new AppError("bad_request", { message: "unknown role", detail: { field: "role" } });
  return raw as StaffRole;
}

function kindOf(raw: string | undefined): DepartmentKind | undefined {
  if (raw === undefined) return undefined;
  if (!(DEPARTMENT_KINDS as readonly string[]).includes(raw)) throw new AppError("bad_request", { message: "unknown department kind", detail: { field: "kind" } });
  return raw as DepartmentKind;
}

/** A routing rule's form fields (the add form and the edit page send the same ones). */
function ruleInput(f: Record<string, string>) {
  return { departmentId: f.departmentId ?? "", topic: f.topic ?? "", keywords: f.keywords ?? "", priority: f.priority || "0", toCommune: f.toCommune === "1" };
}

/** A refused change (bad input, conflict) goes back to the settings page with a message. */
async function change(reply: FastifyReply, okKey: string, action: () => Promise<unknown>): Promise<FastifyReply> {
  try {
    await action();
    return redirectWith(reply, BACK, { ok: okKey });
  } catch (err) {
    if (err instanceof AppError && (err.code === "bad_request" || err.code === "conflict")) {
      const field = typeof err.detail?.field === "string" && strings.err[err.detail.field] ? err.detail.field : err.code;
      return redirectWith(reply, BACK, { err: field });
    }
    throw err;
  }
}

export function registerSettingsRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { db } = deps;

  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { resetFor?: string; tempPassword?: string } = {}) => {
    const settings = await loadSettings({ db, actor: sessionOf(request).actor });
    return renderPage(request, reply, "settings", {
      title: strings.nav.settings,
      ...settings,
      roles: STAFF_ROLES,
      departmentKinds: DEPARTMENT_KIND_NAMES.vi,
      resetFor: extra.resetFor ?? null,
      tempPassword: extra.tempPassword ?? null,
    });
  };

  scope.get("/settings", async (request, reply) => page(request, reply));

  scope.post("/settings/departments", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const f = formOf(request.body);
    return change(reply, "department", () =>
      saveDepartment({ db, actor, input: { name: f.name ?? "", description: f.description ?? "", dueDays: f.dueDays ?? "", kind: kindOf(f.kind) ?? "department" } }),
    );
  });

  scope.post<IdParams>("/settings/departments/:id", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const f = formOf(request.body);
    const id = idOf(request.params.id);
    return change(reply, "department", () => {
      const kind = kindOf(f.kind);
      return saveDepartment({ db, actor, id, input: { name: f.name ?? "", description: f.description ?? "", dueDays: f.dueDays ?? "", ...(kind ? { kind } : {}) } });
    });
  });

  scope.post("/settings/rules", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const f = formOf(request.body);
    return change(reply, "rule", () => saveRoutingRule({ db, actor, input: ruleInput(f) }));
  });

  // A rule's own page: where the item page's "Sửa quy tắc" leads when a rule sent an item astray.
  scope.get<IdParams>("/settings/rules/:id", async (request, reply) => {
    const loaded = await loadRoutingRule({ db, actor: sessionOf(request).actor, id: idOf(request.params.id) });
    return renderPage(request, reply, "rule", { title: strings.ruleTitle, ...loaded });
  });

  scope.post<IdParams>("/settings/rules/:id", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const id = idOf(request.params.id);
    return change(reply, "rule", () => saveRoutingRule({ db, actor, id, input: ruleInput(formOf(request.body)) }));
  });

  scope.post<IdParams>("/settings/rules/:id/delete", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const id = idOf(request.params.id);
    return change(reply, "ruleDeleted", () => deleteRoutingRule({ db, actor, id }));
  });

  scope.post("/settings/staff", async (request, reply) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "manageSettings");
    const f = formOf(request.body);
    return change(reply, "staffCreated", () =>
      createStaff({
        db,
        actor: actor.email,
        input: { email: f.email ?? "", name: f.name ?? "", role: roleOf(f.role), password: f.password ?? "", ...(f.departmentId ? { department: f.departmentId } : {}) },
      }),
    );
  });

  scope.post<IdParams>("/settings/staff/:id/role", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const f = formOf(request.body);
    const id = idOf(request.params.id);
    return change(reply, "staffUpdated", () => updateStaff({ db, actor, staffId: id, change: { type: "role", role: roleOf(f.role), departmentId: f.departmentId || null } }));
  });

  scope.post<IdParams>("/settings/staff/:id/active", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const id = idOf(request.params.id);
    return change(reply, "staffUpdated", () => updateStaff({ db, actor, staffId: id, change: { type: "active", active: formOf(request.body).active === "1" } }));
  });

  scope.post<IdParams>("/settings/staff/:id/reset", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const result = await updateStaff({ db, actor, staffId: idOf(request.params.id), change: { type: "resetPassword" } });
    return page(request, reply, { resetFor: result.email, ...(result.temporaryPassword ? { tempPassword: result.temporaryPassword } : {}) });
  });
}
