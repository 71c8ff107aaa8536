// Owns the erasure ledger: the list of people who had their data erased, kept OUTSIDE the database
// (an append-only JSON-lines file beside it, by default DATA_DIR/erasure-ledger.jsonl) so that a
// backup restored later (made before the erasure) can be erased again (reapply-erasures.ts).
// It holds no personal data: each line is a keyed hash (HMAC-SHA256) of "channel:externalId",
// the time of the erasure and a short fingerprint of the key. The key (pepper) comes from
// ERASURE_LEDGER_KEY or, when unset, from a random key file created beside the ledger (mode 0600):
// without the key, the hashes cannot be tested against a list of Telegram or Zalo ids.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export interface LedgerIdentity {
  channel: string;
  externalId: string;
}

const LedgerLine = z.object({ v: z.literal(1), id: z.string().regex(/^[0-9a-f]{64}$/), at: z.iso.datetime(), k: z.string() });
type LedgerLine = z.infer<typeof LedgerLine>;

export interface LedgerContents {
  /** Hash → time of the latest erasure of that identity. */
  erasedAt: Map<string, Date>;
  /** Lines written with another key (ERASURE_LEDGER_KEY changed): they cannot be matched. */
  otherKey: number;
  /** Lines that are not valid ledger entries (a torn last line after a crash, hand edits). */
  unreadable: number;
}

export class ErasureLedger {
  private readonly keyId: string;

  constructor(
    readonly file: string,
    private readonly key: Buffer,
  ) {
    this.keyId = createHash("sha256").update(key).digest("hex").slice(0, 8);
  }

  /**
   * The ledger at `file`, keyed by `key` when given, otherwise by the key file beside it (created
   * on first use). Example: `ErasureLedger.open({ file: "data/erasure-ledger.jsonl" })`.
   */
  static open(opts: { file: string; key?: string | undefined }): ErasureLedger {
    const file = path.resolve(opts.file);
    if (opts.key) return new ErasureLedger(file, Buffer.from(opts.key, "utf8"));
    const keyFile = `${file.replace(/\.jsonl$/, "")}.key`;
    if (!existsSync(keyFile)) {
      mkdirSync(path.dirname(keyFile), { recursive: true });
      // "wx": two processes starting together must not each write their own key.
      try {
        writeFileSync(keyFile, randomBytes(32).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
    }
    return new ErasureLedger(file, Buffer.from(readFileSync(keyFile, "utf8").trim(), "utf8"));
  }

  hash(identity: LedgerIdentity): string {
    return createHmac("sha256", this.key).update(`${identity.channel}:${identity.externalId}`).digest("hex");
  }

  /**
   * Appends one line per identity and flushes it to disk before returning: the erasure is called
   * inside the database transaction, so the line exists before the erasure commits. (A line for an
   * erasure that then rolled back only erases again someone who asked for it.)
   */
  record(identities: LedgerIdentity[], at: Date): void {
    if (identities.length === 0) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const lines = identities.map((i) => JSON.stringify({ v: 1, id: this.hash(i), at: at.toISOString(), k: this.keyId } satisfies LedgerLine)).join("\n") + "\n";
    const fd = openSync(this.file, "a", 0o600);
    try {
      appendFileSync(fd, lines);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  read(): LedgerContents {
    const out: LedgerContents = { erasedAt: new Map(), otherKey: 0, unreadable: 0 };
    if (!existsSync(this.file)) return out;
    for (const raw of readFileSync(this.file, "utf8").split("\n")) {
      if (raw.trim() === "") continue;
      let parsed: ReturnType<typeof LedgerLine.safeParse>;
      try {
        parsed = LedgerLine.safeParse(JSON.parse(raw));
      } catch {
        out.unreadable++;
        continue;
      }
      if (!parsed.success) {
        out.unreadable++;
        continue;
      }
      if (parsed.data.k !== this.keyId) {
        out.otherKey++;
        continue;
      }
      const at = new Date(parsed.data.at);
      const before = out.erasedAt.get(parsed.data.id);
      if (!before || before < at) out.erasedAt.set(parsed.data.id, at);
    }
    return out;
  }
}
