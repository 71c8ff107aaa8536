// Where the counters' numbers come from: the app's events (src/events.ts). main.ts subscribes a
// Metrics object once; the conversation, the inbound pipeline and the outbox worker only emit, so
// the domain stays free of prom-client and metrics import none of the parts they count.
import type { AppEvents } from "../events.ts";
import type { Metrics } from "./metrics.ts";

/** Feeds `metrics` from `events` for the life of the app. */
export function countEvents(events: AppEvents, metrics: Metrics): void {
  events.on("replied", ({ channel, kind, replies, delivery }) => {
    metrics.messageReceived(channel);
    metrics.replied(kind);
    // Chat platforms' replies are counted when the outbox has sent them; the web chat's go back now.
    if (delivery !== "outbox") metrics.messagesSent(channel, replies);
  });
  events.on("searched", ({ seconds }) => metrics.retrievalTook(seconds));
  events.on("dropped", ({ channel, reason }) => metrics.updateDropped(channel, reason));
  events.on("delivered", ({ channel }) => metrics.messagesSent(channel));
  events.on("deliveryFailed", ({ channel, failure }) => metrics.sendFailed(channel, failure));
}
