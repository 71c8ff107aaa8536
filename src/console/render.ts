// What every console page is rendered with: the strings, date and number formats (Vietnam time),
// the signed-in staff member, the CSRF token for forms, the navigation their role allows, and the
// flash message named in the query (?ok=<key> / ?err=<key>, keys only, never free text).
import type { FastifyReply, FastifyRequest } from "fastify";
import { can, type StaffAction, type StaffActor } from "../staff/staff-scope.ts";
import { formatVietnamDate, formatVietnamDateTime, vietnamDay } from "../vietnam-time.ts";
import { defaultTopics } from "../knowledge/topics.ts";
import { sessionOf } from "./auth/guard.ts";
import { strings } from "./strings.ts";

export const formats = {
  date(d: Date | null | undefined): string {
    return d ? formatVietnamDate(d) : "—";
  },
  dateTime(d: Date | null | undefined): string {
    return d ? formatVietnamDateTime(d) : "—";
  },
  /** YYYY-MM-DD for <input type="date">. */
  isoDay(d: Date): string {
    return vietnamDay(d);
  },
  percent(x: number | null | undefined): string {
    return x === null || x === undefined ? "—" : `${Math.round(x * 100)}%`;
  },
  number(x: number | null | undefined, digits = 0): string {
    return x === null || x === undefined ? "—" : x.toLocaleString("vi-VN", { maximumFractionDigits: digits });
  },
  /** 45 phút, 5,5 giờ, 3,2 ngày. */
  duration(hours: number | null | undefined): string {
    if (hours === null || hours === undefined) return "—";
    const u = strings.units;
    if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} ${u.minutes}`;
    return hours >= 48 ? `${formats.number(hours / 24, 1)} ${u.days}` : `${formats.number(hours, 1)} ${u.hours}`;
  },
  bytes(n: number): string {
    return n >= 1024 * 1024 ? `${formats.number(n / 1024 / 1024, 1)} MB` : `${formats.number(Math.ceil(n / 1024))} KB`;
  },
};

const NAV: { href: string; label: string; needs?: StaffAction }[] = [
  { href: "/console/queue", label: strings.nav.queue },
  { href: "/console/knowledge", label: strings.nav.knowledge },
  { href: "/console/try", label: strings.nav.tryQuestion },
  { href: "/console/phrasings", label: strings.nav.phrasings, needs: "viewDashboard" },
  { href: "/console/unanswered", label: strings.nav.unanswered, needs: "viewDashboard" },
  { href: "/console/dashboard", label: strings.nav.dashboard, needs: "viewDashboard" },
  { href: "/console/dialogue", label: strings.nav.dialogue, needs: "triage" },
  { href: "/console/opportunities", label: strings.nav.opportunities, needs: "triage" },
  { href: "/console/broadcasts", label: strings.nav.broadcasts, needs: "triage" },
  { href: "/console/settings", label: strings.nav.settings, needs: "manageSettings" },
  { href: "/console/audit", label: strings.nav.audit, needs: "viewAudit" },
  { href: "/console/data-requests", label: strings.nav.dataRequests, needs: "handleDataRequests" },
  { href: "/console/data-flows", label: strings.nav.dataFlows, needs: "handleDataRequests" },
];

/** Counts shown next to a navigation entry for this request (e.g. overdue data requests), by href. */
export const navBadges = new WeakMap<FastifyRequest, Record<string, number>>();

function flash(request: FastifyRequest): { ok?: string; err?: string } {
  const q = request.query as Record<string, unknown>;
  const ok = typeof q.ok === "string" ? strings.ok[q.ok] : undefined;
  const err = typeof q.err === "string" ? strings.err[q.err] : undefined;
  return { ...(ok ? { ok } : {}), ...(err ? { err } : {}) };
}

export interface PageData {
  title: string;
  [key: string]: unknown;
}

/** Renders `template` inside the layout for the signed-in staff member. */
export async function renderPage(request: FastifyRequest, reply: FastifyReply, template: string, data: PageData, status = 200): Promise<FastifyReply> {
  const session = sessionOf(request);
  const me: StaffActor = session.actor;
  const path = request.url.split("?")[0]!;
  const badges = navBadges.get(request) ?? {};
  const nav = NAV.filter((n) => !n.needs || can(me, n.needs)).map((n) => ({ ...n, badge: badges[n.href] ?? 0, active: path === n.href || path.startsWith(`${n.href}/`) }));
  const html = await reply.viewAsync(template, {
    ...data,
    s: strings,
    f: formats,
    me: { ...me, roleLabel: strings.role[me.role] ?? me.role },
    can: (action: StaffAction) => can(me, action),
    // Topics are shown by name (knowledge/topics.json), never by code.
    topic: (code: string | null | undefined) => defaultTopics().name(code),
    topicCodes: () => defaultTopics().codes(),
    csrf: session.csrfToken,
    nav,
    flash: flash(request),
  });
  return reply.status(status).type("text/html; charset=utf-8").send(html);
}

/** Renders a page that needs no session (login, errors before sign-in). */
export async function renderPublic(reply: FastifyReply, template: string, data: PageData, status = 200): Promise<FastifyReply> {
  const html = await reply.viewAsync(template, { ...data, s: strings, f: formats, me: null, nav: [], flash: {}, csrf: "" });
  return reply.status(status).type("text/html; charset=utf-8").send(html);
}

/** Where to go after a POST: the page, with a flash key. */
export function redirectWith(reply: FastifyReply, to: string, flashKey: { ok: string } | { err: string }): FastifyReply {
  const sep = to.includes("?") ? "&" : "?";
  const [k, v] = "ok" in flashKey ? ["ok", flashKey.ok] : ["err", flashKey.err];
  return reply.redirect(`${to}${sep}${k}=${encodeURIComponent(v)}`, 303);
}
