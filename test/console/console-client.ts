// A tiny browser stand-in for console route tests: keeps cookies by hand (fetch has no cookie
// jar), never follows redirects (tests assert them), reads the CSRF token from the last page, and
// posts forms the way a browser does.
import type { RunningApp } from "../support/app.ts";
import { createStaff } from "../../src/staff/create-staff.ts";

export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  csrf = "";

  constructor(private readonly baseUrl: string) {}

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {};
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** A page as a browser asks for it (Accept: text/html), so auth failures redirect. */
  async page(path: string): Promise<{ res: Response; html: string }> {
    const res = await fetch(this.baseUrl + path, { headers: { accept: "text/html", ...this.cookieHeader() }, redirect: "manual" });
    this.remember(res);
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { res, html };
  }

  /** A fetch call (Accept: application/json). */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(this.baseUrl + path, {
      ...init,
      headers: { accept: "application/json", ...this.cookieHeader(), ...(init.headers as Record<string, string> | undefined) },
      redirect: "manual",
    });
    this.remember(res);
    return res;
  }

  /** Posts a urlencoded form; the CSRF token is added unless `_csrf` is given (or null to leave it out). */
  async post(path: string, form: Record<string, string | null> = {}, opts: { accept?: string } = {}): Promise<Response> {
    const body = new URLSearchParams();
    const withToken: Record<string, string | null> = { _csrf: this.csrf, ...form };
    for (const [k, v] of Object.entries(withToken)) if (v !== null) body.set(k, v);
    const res = await fetch(this.baseUrl + path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: opts.accept ?? "text/html", ...this.cookieHeader() },
      body,
      redirect: "manual",
    });
    this.remember(res);
    return res;
  }

  async login(email: string, password: string): Promise<Response> {
    await this.page("/console/login");
    const res = await this.post("/console/login", { email, password });
    if (res.status === 303) await this.page("/console/queue"); // picks up the session's CSRF token
    return res;
  }
}

export const PASSWORD = "mat-khau-thu-nghiem-1";

/** Creates a staff account straight in the database (as `npm run cli -- staff create` would). */
export async function addStaff(app: RunningApp, email: string, role: "admin" | "coordinator" | "department", department?: string): Promise<void> {
  await createStaff({ db: app.db, actor: "test", input: { email, name: email.split("@")[0]!, role, password: PASSWORD, ...(department ? { department } : {}) } });
}

export async function loggedIn(app: RunningApp, email: string): Promise<ConsoleClient> {
  const client = new ConsoleClient(app.url);
  const res = await client.login(email, PASSWORD);
  if (res.status !== 303) throw new Error(`login of ${email} failed with ${res.status}`);
  return client;
}

/** Files a proposal through the web chat, as a young person would, and returns its code. */
export async function fileProposal(app: RunningApp, user: string, content: string, contact?: string): Promise<string> {
  await app.chat(user, `/kiennghi ${content}`);
  const created = await app.chat(user, "đồng ý");
  if (!created.proposal?.code) throw new Error(`no proposal created: ${JSON.stringify(created)}`);
  await app.chat(user, contact ?? "bỏ qua");
  return created.proposal.code as string;
}
