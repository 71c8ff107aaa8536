// Structured JSON logs (pino), in English. Secrets are redacted wherever they appear in a log
// object, so a token or password passed along in context never reaches the log; phone numbers,
// email addresses and ID numbers inside logged values and messages are masked.
import { pino, type Logger } from "pino";
import { maskDeep, maskPersonalData } from "./privacy/mask.ts";

export const REDACTED_PATHS = [
  "password", "*.password", "token", "*.token", "apiKey", "*.apiKey", "secret", "*.secret",
  "authorization", "*.authorization", "headers.authorization", "*.headers.authorization",
  'headers["x-telegram-bot-api-secret-token"]', 'headers["x-bot-api-secret-token"]', "headers.cookie",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { service: "youth-assistant" },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: (object: Record<string, unknown>) => maskDeep(object) },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === "string" ? maskPersonalData(a) : a)));
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
