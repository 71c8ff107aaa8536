// Where the metrics come from: decorators that main.ts puts around the conversation, the inbound
// pipeline and the channel adapters the outbox uses. The domain code stays free of prom-client;
// each decorator reports to a Metrics object through one or two of its methods.
import type { ChannelAdapter } from "../channels/channel.ts";
import { DeliveryError } from "../channels/channel.ts";
import { Conversation, type ConversationDeps, type HandleOptions } from "../conversation/conversation.ts";
import type { ConversationResult, IncomingMessage } from "../conversation/messages.ts";
import type { ReceiveOutcome } from "../conversation/receive-message.ts";
import type { KnowledgeSearch } from "../knowledge/passage.ts";
import type { Metrics } from "./metrics.ts";

/** The conversation, counting handled messages and reply kinds and timing its knowledge searches. */
export class InstrumentedConversation extends Conversation {
  constructor(
    deps: ConversationDeps,
    private readonly metrics: Metrics,
  ) {
    super({ ...deps, knowledge: timedSearch(deps.knowledge, metrics) });
  }

  override async handle(msg: IncomingMessage, opts: HandleOptions = {}): Promise<ConversationResult | null> {
    const result = await super.handle(msg, opts);
    if (!result) return result;
    this.metrics.messageReceived(msg.channel);
    this.metrics.replied(result.kind);
    // Chat platforms' replies are counted when the outbox has sent them; the web chat's go back now.
    if (opts.delivery !== "outbox") this.metrics.messagesSent(msg.channel, result.replies.length);
    return result;
  }
}

function timedSearch(knowledge: KnowledgeSearch, metrics: Metrics): KnowledgeSearch {
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      metrics.retrievalTook((performance.now() - started) / 1000);
    }
  };
  return {
    search: (query, opts) => timed(() => knowledge.search(query, opts)),
    ask: (text) => timed(() => knowledge.ask(text)),
    passage: (chunkId) => knowledge.passage(chunkId),
  };
}

/** The inbound pipeline, counting updates that had no effect (redeliveries, flooding). */
export function countDroppedUpdates(
  receive: (msg: IncomingMessage, updateKey: string) => Promise<ReceiveOutcome>,
  metrics: Metrics,
): (msg: IncomingMessage, updateKey: string) => Promise<ReceiveOutcome> {
  return async (msg, updateKey) => {
    const outcome = await receive(msg, updateKey);
    if (outcome === "duplicate") metrics.updateDropped(msg.channel, "duplicate");
    if (outcome === "limited") metrics.updateDropped(msg.channel, "flood");
    return outcome;
  };
}

/** A channel adapter whose sends are counted (for the outbox worker; receiving is untouched). */
export function countDeliveries(adapter: ChannelAdapter, metrics: Metrics): ChannelAdapter {
  const counted: ChannelAdapter = {
    channel: adapter.channel,
    rateLimits: adapter.rateLimits,
    start: () => adapter.start(),
    stop: () => adapter.stop(),
    status: () => adapter.status(),
    async send(chatId, message) {
      try {
        await adapter.send(chatId, message);
      } catch (err) {
        metrics.sendFailed(adapter.channel, err instanceof DeliveryError ? err.failure : "retry");
        throw err;
      }
      metrics.messagesSent(adapter.channel);
    },
  };
  if (adapter.typing) counted.typing = (chatId) => adapter.typing!(chatId);
  return counted;
}
