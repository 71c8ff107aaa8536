// When a remote model is configured, a young person's phone number, email, ID number and street
// address must not leave the process: a fake OpenAI-compatible server on 127.0.0.1 records every
// body it receives (embeddings and chat completions) and none may contain them.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmAnswerer, OpenAICompatibleChat } from "../../src/knowledge/answer/llm-answer.ts";
import { OpenAICompatibleEmbeddings } from "../../src/knowledge/index/remote-embedder.ts";
import type { Passage } from "../../src/knowledge/passage.ts";

const PERSONAL = ["0912345678", "0912 345 678", "an.nguyen@example.com", "001203004567", "12 ngõ 34", "Lê Lợi"];
const QUESTION = "Em ở số nhà 12 ngõ 34 đường Lê Lợi, sđt 0912 345 678, email an.nguyen@example.com, CCCD 001203004567: thanh niên là bao nhiêu tuổi?";

/** POST /v1/embeddings and /v1/chat/completions, answering like OpenAI and keeping each raw body. */
class RecordingModelServer {
  bodies: string[] = [];
  private server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      this.bodies.push(body);
      const parsed = JSON.parse(body) as { input?: string[] };
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/v1/embeddings") {
        res.end(JSON.stringify({ object: "list", data: (parsed.input ?? []).map((_t, index) => ({ object: "embedding", index, embedding: [1, 0, 0] })) }));
      } else {
        res.end(JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: "Thanh niên là công dân từ đủ 16 đến 30 tuổi. [1]" } }] }));
      }
    });
  });
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }
  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

describe("personal data is masked before it reaches a remote model", () => {
  const remote = new RecordingModelServer();
  let baseUrl: string;
  beforeAll(async () => {
    baseUrl = await remote.start();
  });
  afterAll(() => remote.stop());

  it("sends the embeddings endpoint the question without phone, email, ID number or address", async () => {
    remote.bodies = [];
    const embeddings = new OpenAICompatibleEmbeddings({ baseUrl, model: "bge-m3", maxRetries: 0 });
    expect(await embeddings.embedQuery(QUESTION)).toEqual([1, 0, 0]);
    await embeddings.embedDocuments([QUESTION, "Liên hệ an.nguyen@example.com"]);
    expect(remote.bodies).toHaveLength(2);
    const sent = remote.bodies.join("\n");
    for (const value of PERSONAL) expect(sent).not.toContain(value);
    // The question itself still arrives, so the vector means something.
    expect(sent).toContain("thanh niên là bao nhiêu tuổi?");
    expect(sent).toContain("[số điện thoại]");
  });

  it("sends the chat model the question masked, and the public passages as they are", async () => {
    remote.bodies = [];
    const llm = new LlmAnswerer(new OpenAICompatibleChat({ baseUrl, model: "qwen", timeoutMs: 5000 }), "Tỉnh đoàn");
    const passage: Passage = {
      text: "Thanh niên là công dân Việt Nam từ đủ 16 tuổi đến 30 tuổi. Đường dây nóng: 0236 3822 000.",
      title: "Luật Thanh niên",
      citation: "Điều 1",
    } as Passage;
    expect(await llm.answer(QUESTION, [passage], "vi")).toBe("Thanh niên là công dân từ đủ 16 đến 30 tuổi.");
    expect(remote.bodies).toHaveLength(1);
    const sent = remote.bodies[0]!;
    for (const value of PERSONAL) expect(sent).not.toContain(value);
    expect(sent).toContain("thanh niên là bao nhiêu tuổi?");
    expect(sent).toContain("0236 3822 000");
  });
});
