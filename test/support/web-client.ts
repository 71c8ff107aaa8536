// A web chat client for tests that keeps the session cookie the server issues, the way the page (or
// a script with a cookie jar) does. Tests name people by a label ("web-lan"); each label gets its own
// client and so its own session. The jar outlives one running app, so a test can restart the
// service on the same data and carry on as the same person.
import { WEB_SESSION_COOKIE, webChatId } from "../../src/channels/web/web-session.ts";

/** Session cookie values by label, shared by the clients of one or more app runs. */
export type WebSessions = Map<string, string>;

export interface InboxMessage {
  id: number;
  text: string;
  choices?: { id: string; label: string }[];
}

export class WebClient {
  constructor(
    private readonly baseUrl: string,
    private readonly sessions: WebSessions,
    readonly label: string,
  ) {}

  /** The session cookie value, once the server has issued one. */
  get session(): string | undefined {
    return this.sessions.get(this.label);
  }

  /** The id the database knows this person by (ChannelIdentity.externalId, outbox chatId). */
  get webId(): string {
    const session = this.session;
    if (!session) throw new Error(`web client ${this.label} has no session yet: send a message first`);
    return webChatId(session);
  }

  /** A request with the session cookie; a Set-Cookie in the answer replaces it. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.session) headers.set("cookie", `${WEB_SESSION_COOKIE}=${this.session}`);
    const res = await fetch(this.baseUrl + path, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const match = new RegExp(`^${WEB_SESSION_COOKIE}=([^;]*)`).exec(line);
      if (match) this.sessions.set(this.label, match[1]!);
    }
    return res;
  }

  /** POST /api/chat with any body (a string is sent as is). */
  send(body: unknown): Promise<Response> {
    return this.request("/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  }

  /** Sends one message and returns the JSON answer. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async chat(text: string, extra: Record<string, unknown> = {}): Promise<any> {
    return (await this.send({ text, ...extra })).json();
  }

  /** The pending inbox, acknowledged afterwards like the page does unless `ack: false`. */
  async inbox(opts: { ack?: boolean } = {}): Promise<InboxMessage[]> {
    const res = await this.request("/api/chat/inbox");
    if (res.status !== 200) throw new Error(`inbox answered ${res.status}: ${await res.text()}`);
    const { messages } = (await res.json()) as { messages: InboxMessage[] };
    if (opts.ack !== false && messages.length > 0) await this.ack(messages.map((m) => m.id));
    return messages;
  }

  ack(ids: unknown): Promise<Response> {
    return this.request("/api/chat/inbox/ack", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ids }),
    });
  }
}
