// Four test projects, so a developer runs the fast ones in seconds and CI still runs everything:
//   unit         in-process tests of most of test/ (target: under 30 s on 2 cores)
//   reliability  slow tests: test/reliability/ (faults, restarts, outages) and the files listed in
//                SLOW below, which spawn CLIs and processes or run whole evaluations
//   browser      *.browser.test.ts, in Debian's headless Chromium (skipped when it is missing)
//   pg           *.pg.test.ts, against TEST_POSTGRES_URL (skipped when it is not set)
// `npm test` runs all four; `npm run test:unit` (or `npx vitest run --project unit`) one of them.
// A test that takes seconds belongs in SLOW, with the reason next to it.
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const BROWSER = "test/**/*.browser.test.ts";
const PG = "test/**/*.pg.test.ts";
const SLOW = [
  "test/reliability/**/*.test.ts",
  // Real retry and back-off delays of the channel contract (retry_after, outages, restarts): 8-12 s each.
  "test/channels/telegram.test.ts",
  "test/channels/zalo.test.ts",
  // Real pacing at a platform's cap: a few one-second rate windows per channel (about 3 s each).
  "test/channels/outbox-pacing.test.ts",
  // CLIs run as child processes (each pays tsx start-up), backups, password hashing.
  "test/console/staff-cli.test.ts",
  "test/api/token-cli.test.ts",
  "test/cli/backup-commands.test.ts",
  "test/privacy/erasure-backup.test.ts",
  "test/db/migrate.test.ts",
  // A 1,000-line opportunity CSV imported in one transaction (several seconds).
  "test/announcements/import-thousand.test.ts",
  // Hostile uploads: parsing bombs up to their limits while the chat keeps answering.
  "test/security/upload-bombs.test.ts",
  // The shipped knowledge base (3,000+ chunks) indexed and evaluated end to end.
  "test/knowledge/knowledge-base.test.ts",
  "test/knowledge/youth-questions.test.ts",
  "test/knowledge/evaluate.test.ts",
  "test/knowledge/sample-knowledge.test.ts",
  "test/conversation/understanding.test.ts",
  "test/console/console-knowledge.test.ts",
  // A whole dialogue round scripted: about 2,000 chat messages from 200 people and 360 staff steps
  // (40-90 s on 2 shared cores; a vote costs ~2 ms of CPU, see the bench's "voting" part).
  "test/dialogue/whole-round.test.ts",
  // Real waits: delivery to the fakes after each secret check, quiet time for a fetch that must
  // never come, every log line of a whole journey, and the fakes' own retry_after and long-polls.
  "test/security/webhook-secrets.test.ts",
  "test/security/no-url-fetch.test.ts",
  "test/security/log-hygiene.test.ts",
  "test/support/fakes.test.ts",
];

export default defineConfig({
  test: {
    pool: "forks",
    // Builds nothing itself: gives the run a folder for the databases and data folders that tests
    // copy instead of migrating, seeding and indexing each time (test/support/templates.ts).
    globalSetup: ["test/support/global-setup.ts"],
    // Two files at a time even on 2 cores (vitest's default there is one): much of the slow tests'
    // time is waiting (outages, retry_after, lock holds, pacing windows, child processes starting),
    // which the other file's work fills. One project's files and the next run side by side too.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
    projects: [
      // isolate: false lets the files of one worker share its module cache, so the app's modules
      // load once per worker rather than once per file (about 1 s each, most of the project's time).
      // Every unit test opens its own app, database and fakes, so nothing else is shared.
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [BROWSER, PG, ...SLOW], isolate: false } },
      { extends: true, test: { name: "reliability", include: SLOW, exclude: [BROWSER, PG] } },
      { extends: true, test: { name: "browser", include: [BROWSER] } },
      { extends: true, test: { name: "pg", include: [PG] } },
    ],
  },
});
