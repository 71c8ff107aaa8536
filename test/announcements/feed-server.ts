// A fake feed server on 127.0.0.1 (node:http) for the feed tests: each path serves a body with its
// content type, and optionally an ETag (answering 304 to a matching If-None-Match), a status, or
// no answer at all (to be timed out). It records every request with its conditional headers.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FeedRoute {
  body?: string | Buffer;
  contentType?: string;
  etag?: string;
  status?: number;
  /** Never answers (the reader must give up). */
  hang?: boolean;
  /** Answers with a redirect to this location. */
  location?: string;
}

export interface FeedRequest {
  path: string;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
}

export class FakeFeedServer {
  readonly routes = new Map<string, FeedRoute>();
  readonly requests: FeedRequest[] = [];
  private server: Server | undefined;
  private base = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  url(path: string): string {
    return this.base + path;
  }

  serve(path: string, route: FeedRoute): string {
    this.routes.set(path, route);
    return this.url(path);
  }

  hits(path: string): FeedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  private handle(req: IncomingMessage, res: import("node:http").ServerResponse): void {
    const path = (req.url ?? "/").split("?")[0]!;
    const header = (name: string) => (typeof req.headers[name] === "string" ? (req.headers[name] as string) : undefined);
    this.requests.push({ path, ifNoneMatch: header("if-none-match"), ifModifiedSince: header("if-modified-since") });
    const route = this.routes.get(path);
    if (!route) {
      res.writeHead(404).end("not found");
      return;
    }
    if (route.hang) return; // the socket stays open and silent
    if (route.location) {
      res.writeHead(302, { location: route.location }).end();
      return;
    }
    if (route.etag && header("if-none-match") === route.etag) {
      res.writeHead(304, { etag: route.etag }).end();
      return;
    }
    res.writeHead(route.status ?? 200, { "content-type": route.contentType ?? "application/rss+xml; charset=utf-8", ...(route.etag ? { etag: route.etag } : {}) });
    res.end(route.body ?? "");
  }
}
