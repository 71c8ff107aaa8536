// A fake OpenAI-compatible chat-completions endpoint on 127.0.0.1 (POST /v1/chat/completions):
// each test sets what it answers, and after how long.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
}

export class FakeLlm {
  requests: ChatRequest[] = [];
  reply: (req: ChatRequest) => { status?: number; content?: string; delayMs?: number } = () => ({ content: "" });
  private server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (req.url !== "/v1/chat/completions" || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as ChatRequest;
      this.requests.push(parsed);
      const out = this.reply(parsed);
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(out.status ?? 200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: "x", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: out.content ?? "" }, finish_reason: "stop" }] }));
      }, out.delayMs ?? 0);
    });
  });
  async start() {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }
  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}
