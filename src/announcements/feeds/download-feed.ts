// Downloads a feed: one GET with a time limit for the whole exchange, a size cap counted as the
// bytes arrive (not trusted from Content-Length), a conditional request (If-None-Match /
// If-Modified-Since from the last full read, so an unchanged feed costs a 304), and at most three
// redirects. Every hop's host is resolved and checked first (feed-address.ts), and the connection
// is made to exactly the addresses checked, so a name cannot point somewhere else between the check
// and the request. Plain node:http/https: nothing is decompressed (only "identity" is asked for).
import type { IncomingMessage } from "node:http";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { AppError, type FeedFailure } from "../../errors.ts";
import { hostOf, publicAddresses } from "./feed-address.ts";

export interface DownloadOptions {
  etag: string | null;
  lastModified: string | null;
  timeoutMs: number;
  maxBytes: number;
  allowPrivate: boolean;
}

export type Download =
  | { status: "not_modified" }
  | { status: "ok"; body: Buffer; etag: string | null; lastModified: string | null };

const MAX_REDIRECTS = 3;
const USER_AGENT = "TroLyThanhNien-FeedReader/1.0";
const ACCEPT = "application/rss+xml, application/atom+xml, text/calendar, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

const fail = (reason: FeedFailure, message: string, status?: number) =>
  new AppError("feed.fetch", { message: `feed: ${message}`, detail: { reason, ...(status !== undefined ? { status } : {}) } });

/** A lookup that answers with the addresses already checked, whatever the resolver would say now. */
function pinned(addresses: { address: string; family: number }[]): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  }) as unknown as LookupFunction;
}

function requestOnce(url: URL, headers: Record<string, string>, addresses: { address: string; family: number }[], signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: "GET", headers, lookup: pinned(addresses), signal }, resolve);
    req.on("error", reject);
    req.end();
  });
}

function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers["content-length"]);
    // Refused before the stream is destroyed: destroying it reports "aborted" at once.
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(fail("too_large", `${declared} bytes, over ${maxBytes}`));
      res.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(fail("too_large", `over ${maxBytes} bytes`));
        res.destroy();
      } else chunks.push(chunk);
    });
    res.on("end", () => resolve(Buffer.concat(chunks)));
    res.on("error", reject);
    res.on("aborted", () => reject(fail("network", "the answer was cut short")));
  });
}

/** GETs `url`; throws AppError "feed.fetch" with the reason when it cannot. */
export async function downloadFeed(url: URL, opts: DownloadOptions): Promise<Download> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: ACCEPT, "accept-encoding": "identity" };
  if (opts.etag) headers["if-none-match"] = opts.etag;
  if (opts.lastModified) headers["if-modified-since"] = opts.lastModified;
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const addresses = await publicAddresses(hostOf(current), { allowPrivate: opts.allowPrivate });
      if (controller.signal.aborted) throw fail("timeout", `no answer within ${opts.timeoutMs} ms`);
      const res = await requestOnce(current, headers, addresses, controller.signal);
      const status = res.statusCode ?? 0;
      if (status === 304) {
        res.resume();
        return { status: "not_modified" };
      }
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (hop >= MAX_REDIRECTS) throw fail("redirects", `more than ${MAX_REDIRECTS} redirects`);
        const next = new URL(res.headers.location, current);
        if (next.protocol !== "http:" && next.protocol !== "https:") throw fail("address", `a redirect to ${next.protocol}`);
        current = next;
        continue;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        throw fail("status", `HTTP ${status}`, status);
      }
      const body = await readBody(res, opts.maxBytes);
      const header = (name: string) => {
        const v = res.headers[name];
        return typeof v === "string" && v.length <= 500 ? v : null;
      };
      return { status: "ok", body, etag: header("etag"), lastModified: header("last-modified") };
    }
  } catch (err) {
    if (controller.signal.aborted && !(err instanceof AppError && err.detail?.reason === "too_large")) {
      throw fail("timeout", `no complete answer within ${opts.timeoutMs} ms`);
    }
    if (err instanceof AppError) throw err;
    throw new AppError("feed.fetch", { message: `feed: ${(err as Error).message}`, detail: { reason: "network" }, cause: err });
  } finally {
    clearTimeout(timer);
  }
}
