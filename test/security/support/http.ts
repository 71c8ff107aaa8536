// Raw HTTP requests for the security tests: bodies that are too big (the server may answer and
// close before it has read them all, which fetch reports as a network error), chunked bodies with
// no Content-Length, and any header the test wants.
import { request } from "node:http";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean },
): Promise<RawResponse> {
  const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { connection: "close", ...opts.headers };
    if (body && !opts.chunked) headers["content-length"] = String(body.length);
    const req = request(url, { method: opts.method ?? "POST", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    // Once the server has answered, it may stop reading: a write error then is expected.
    req.on("error", (err) => setTimeout(() => reject(err), 200));
    if (body && opts.chunked) {
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}
