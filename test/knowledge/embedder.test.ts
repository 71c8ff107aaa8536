import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HashingEmbeddings } from "../../src/knowledge/index/embedder.ts";
import { OpenAICompatibleEmbeddings } from "../../src/knowledge/index/remote-embedder.ts";

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("HashingEmbeddings", () => {
  const e = new HashingEmbeddings();

  it("gives deterministic unit vectors of the configured size and names its space", async () => {
    const [a, b] = await e.embedDocuments(["Thanh niên là công dân từ đủ 16 tuổi đến 30 tuổi", "Thanh niên là công dân từ đủ 16 tuổi đến 30 tuổi"]);
    expect(a).toHaveLength(512);
    expect(a).toEqual(b);
    expect(cosine(a!, a!)).toBeCloseTo(1, 6);
    expect(e.fingerprint).toBe("hashing:v2:512");
    expect(new HashingEmbeddings({ dimensions: 256 }).fingerprint).toBe("hashing:v2:256");
  });

  it("gives the vectors hashing:v2 has always given, so an index saved before still matches its fingerprint", () => {
    // A vector that changed without a new fingerprint would be compared with vectors saved by the
    // earlier code (the dense index is reused across restarts): these digests pin every bit.
    const digest = (text: string) => createHash("sha256").update(new Uint8Array(Float64Array.from(e.embed(text)).buffer)).digest("hex").slice(0, 16);
    expect(digest("Thanh niên là công dân Việt Nam từ đủ 16 tuổi đến 30 tuổi.")).toBe("44ed079618439c8c");
    expect(digest("lam the thu vien o dau")).toBe("dd6d469624af389f");
    // Characters outside folded Vietnamese take the other path through the trigram counting.
    expect(digest("Điều 6. 57/2020/QH14 — 中文 ✓")).toBe("d627a1830359a0ff");
  });

  it("puts unaccented and slightly misspelt text near the original, unrelated text far", async () => {
    const q = await e.embedQuery("thanh niên là bao nhiêu tuổi");
    const folded = await e.embedQuery("thanh nien la bao nhieu tuoi");
    const typo = await e.embedQuery("thanh nein la bao nhieu tuoi");
    const other = await e.embedQuery("giá vàng hôm nay");
    expect(cosine(q, folded)).toBeGreaterThan(0.99);
    expect(cosine(q, typo)).toBeGreaterThan(0.6);
    expect(cosine(q, other)).toBeLessThan(0.2);
  });
});

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface Recorded {
  auth: string | undefined;
  body: { model: string; input: string[] };
}

/** A tiny OpenAI-compatible /embeddings endpoint; each test scripts its next answers. */
class FakeEmbeddingServer {
  readonly requests: Recorded[] = [];
  script: Array<(r: Recorded) => Answer | "hang"> = [];
  private server: Server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: import("node:http").ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of req) raw += String(chunk);
    const recorded: Recorded = { auth: req.headers.authorization, body: JSON.parse(raw) as Recorded["body"] };
    if (req.url !== "/v1/embeddings" || req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    this.requests.push(recorded);
    const answer: Answer | "hang" = (this.script.shift() ?? ok)(recorded);
    if (answer === "hang") return;
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers }).end(JSON.stringify(answer.body));
  }
}

/** Echoes a 3-dimensional vector per input, returned out of order as some servers do. */
const ok = (r: Recorded): Answer => ({
  status: 200,
  body: { object: "list", data: r.body.input.map((text, index) => ({ object: "embedding", index, embedding: [text.length, index, 1] })).reverse() },
});

describe("OpenAICompatibleEmbeddings", () => {
  const server = new FakeEmbeddingServer();
  let baseUrl = "";

  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
    server.script = [];
  });

  it("batches inputs, sends the model and key, and keeps the input order", async () => {
    const e = new OpenAICompatibleEmbeddings({ baseUrl: `${baseUrl}/`, model: "vn-embed", apiKey: "sk-test", batchSize: 2, dimensions: 3 });
    const vectors = await e.embedDocuments(["a", "bb", "ccc"]);
    expect(vectors).toEqual([[1, 0, 1], [2, 1, 1], [3, 0, 1]]);
    expect(server.requests.map((r) => r.body)).toEqual([{ model: "vn-embed", input: ["a", "bb"] }, { model: "vn-embed", input: ["ccc"] }]);
    expect(server.requests[0]!.auth).toBe("Bearer sk-test");
    expect(e.fingerprint).toBe(`openai:${baseUrl}:vn-embed:3`);
    expect(await e.embedQuery("dddd")).toEqual([4, 0, 1]);
  });

  it("sends no authorization header without a key", async () => {
    await new OpenAICompatibleEmbeddings({ baseUrl, model: "m" }).embedQuery("x");
    expect(server.requests[0]!.auth).toBeUndefined();
  });

  it("retries 429 (honouring Retry-After) and 5xx, then succeeds", async () => {
    server.script = [() => ({ status: 429, body: { error: "slow down" }, headers: { "retry-after": "0" } }), () => ({ status: 503, body: {} })];
    const e = new OpenAICompatibleEmbeddings({ baseUrl, model: "m", maxRetries: 2, backoffMs: 5 });
    expect(await e.embedQuery("ab")).toEqual([2, 0, 1]);
    expect(server.requests).toHaveLength(3);
  });

  it("fails at once on 401 with an error naming the call", async () => {
    server.script = [() => ({ status: 401, body: { error: { message: "bad key" } } })];
    const e = new OpenAICompatibleEmbeddings({ baseUrl, model: "vn-embed" });
    const err = await e.embedDocuments(["a"]).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: "embedding.api", detail: { status: 401, retryable: false } });
    expect((err as Error).message).toMatch(/POST .*\/v1\/embeddings \(model vn-embed, batch 1\/1, 1 texts\) failed: HTTP 401.*bad key/);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects answers of the wrong shape or size", async () => {
    server.script = [() => ({ status: 200, body: { data: [{ index: 0, embedding: [1, 2] }] } })];
    const wrongSize = new OpenAICompatibleEmbeddings({ baseUrl, model: "m", dimensions: 3 });
    await expect(wrongSize.embedQuery("x")).rejects.toThrow(/expected 3 dimensions, got 2/);
    server.script = [() => ({ status: 200, body: { nope: true } })];
    await expect(new OpenAICompatibleEmbeddings({ baseUrl, model: "m" }).embedQuery("x")).rejects.toThrow(/unexpected response/);
    expect(server.requests).toHaveLength(2);
  });

  it("times out a hanging server and says so", async () => {
    server.script = [() => "hang"];
    const e = new OpenAICompatibleEmbeddings({ baseUrl, model: "m", timeoutMs: 200, maxRetries: 0 });
    await expect(e.embedQuery("x")).rejects.toThrow(/no answer within 200 ms/);
  });
});
