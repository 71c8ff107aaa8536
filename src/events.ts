// What happened, for whoever wants to know: the conversation, the inbound pipeline and the outbox
// worker emit; metrics count and the outbox worker wakes up. It sits beside config.ts and
// logger.ts, outside every part, because listeners must not import the parts that emit (metrics
// never import conversation/ or channels/), and the payloads are plain values for the same reason.
// Emitting is synchronous and a listener that throws never breaks the code that emitted.

/** Every event and its payload. */
export interface AppEventMap {
  /** A message was handled (not a redelivery); `replies` went back at once unless delivery is "outbox". */
  replied: { channel: string; kind: string; replies: number; delivery: "return" | "outbox" };
  /** One knowledge-base search for a message took this long. */
  searched: { seconds: number };
  /** An incoming update had no effect: a redelivery, or over the user's flood limit. */
  dropped: { channel: string; reason: "duplicate" | "flood" };
  /** Messages were committed to the outbox: the worker should look now rather than at its next poll. */
  outboxWritten: { channel?: string };
  /** The outbox handed one message to its platform. */
  delivered: { channel: string };
  /** A platform send failed: "retry", "unreachable" or "rejected" (see DeliveryFailure). */
  deliveryFailed: { channel: string; failure: string };
}

type Listener<T> = (payload: T) => void;

/**
 * A small typed event hub, one per app instance.
 *
 * @example events.on("replied", ({ kind }) => metrics.replied(kind));
 */
export class Events<M extends object = AppEventMap> {
  private readonly listeners = new Map<keyof M, Set<Listener<never>>>();

  /** `onListenerError` hears about a listener that threw; the emitter carries on regardless. */
  constructor(private readonly onListenerError: (err: unknown, event: string) => void = () => undefined) {}

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof M>(event: K, listener: Listener<M[K]>): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener<never>>();
    this.listeners.set(event, set);
    set.add(listener as Listener<never>);
    return () => void set.delete(listener as Listener<never>);
  }

  emit<K extends keyof M>(event: K, payload: M[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as Listener<M[K]>)(payload);
      } catch (err) {
        this.onListenerError(err, String(event));
      }
    }
  }
}

export type AppEvents = Events<AppEventMap>;
