// Optional language-model answers: any OpenAI-compatible chat endpoint (Ollama, vLLM, OpenAI)
// rephrases the retrieved passages through @langchain/core prompts and a chat model. It never
// answers beyond them: it is only asked when retrieval is confident, its output must cite a
// passage ([1]) or it is discarded, and on a timeout or an error the extractive answer is used.
// The young person's question is masked (phone, email, ID number, street address) before it is
// sent: the model needs the question, not who asked it. Passages are public knowledge and are sent
// as they are (a hotline number in a passage is part of the answer).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SimpleChatModel, type BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import type { BaseMessage } from "@langchain/core/messages";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { parse } from "yaml";
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { maskForRemote } from "../../privacy/redact-text.ts";
import type { Locale } from "../../prompts.ts";
import type { Passage } from "../passage.ts";

const templatesFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prompts/llm.yaml");
const Templates = z.object({ system: z.string(), user: z.string(), passage: z.string() });

export interface ChatEndpoint {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

/** A LangChain chat model over POST {baseUrl}/chat/completions. */
export class OpenAICompatibleChat extends SimpleChatModel {
  constructor(private readonly endpoint: ChatEndpoint, params: BaseChatModelParams = {}) {
    super(params);
  }

  _llmType(): string {
    return "openai-compatible";
  }

  async _call(messages: BaseMessage[]): Promise<string> {
    const role = (m: BaseMessage) => ({ system: "system", human: "user", ai: "assistant" })[m.getType() as string] ?? "user";
    let res: Response;
    try {
      res = await fetch(`${this.endpoint.baseUrl}/chat/completions`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(this.endpoint.apiKey ? { authorization: `Bearer ${this.endpoint.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.endpoint.model,
          temperature: 0.1,
          max_tokens: 600,
          messages: messages.map((m) => ({ role: role(m), content: String(m.content) })),
        }),
        signal: AbortSignal.timeout(this.endpoint.timeoutMs),
      });
    } catch (err) {
      throw new AppError("llm.api", { message: `chat/completions: ${err instanceof Error && err.name === "TimeoutError" ? "timed out" : "network error"}`, cause: err });
    }
    if (!res.ok) throw new AppError("llm.api", { message: `chat/completions: HTTP ${res.status}` });
    const body = (await res.json().catch(() => null)) as { choices?: { message?: { content?: unknown } }[] } | null;
    const content = body?.choices?.[0]?.message?.content;
    if (typeof content !== "string") throw new AppError("llm.api", { message: "chat/completions: no message content in the answer" });
    return content;
  }
}

/** Keeps user text from closing our delimiters or impersonating a role line. */
function asData(text: string): string {
  return text.replace(/<\/?(question|passages)>/gi, "").replace(/\u0000/g, "").slice(0, 4000);
}

export class LlmAnswerer {
  private readonly prompt: ChatPromptTemplate;
  private readonly passageTemplate: string;

  constructor(
    private readonly model: SimpleChatModel,
    private readonly orgName: string,
  ) {
    const t = Templates.parse(parse(readFileSync(templatesFile, "utf8")));
    this.prompt = ChatPromptTemplate.fromMessages([
      ["system", t.system],
      ["human", t.user],
    ]);
    this.passageTemplate = t.passage;
  }

  /** The model's answer, or null when it says it does not know or its answer cites no passage. */
  async answer(question: string, passages: Passage[], locale: Locale): Promise<string | null> {
    const used = passages.slice(0, 3);
    const blocks = used.map((p, i) =>
      this.passageTemplate
        .replace("{n}", String(i + 1))
        .replace("{title}", p.title)
        .replace("{citation}", p.citation)
        .replace("{text}", asData(p.text)),
    );
    const messages = await this.prompt.formatMessages({
      orgName: this.orgName,
      language: locale === "en" ? "Anh (English)" : "Việt",
      question: asData(maskForRemote(question)),
      passages: blocks.join("\n\n"),
    });
    const raw = (await this.model.invoke(messages)).content;
    const text = String(raw).trim();
    if (!text || /KHONG_BIET/.test(text)) return null;
    // An answer that cites none of the passages is not grounded in them (or obeyed an injection).
    if (!/\[[1-3]\]/.test(text)) return null;
    return text.replace(/\s*\[[1-3]\]/g, "").trim().slice(0, 900);
  }
}
