// `npm run bench -- --against <git ref>`: measures this tree and another commit side by side on this
// machine, so a comparison never mixes two machines (or a busy hour with a quiet one). The ref is
// checked out into a temporary git worktree; both trees' own bench/run.ts then run alternately
// (this tree, the ref, this tree, the ref, …) as child processes, and each figure is reported as the
// ratio of the two medians with the spread of the per-round ratios. The worktree is removed after.
//
// "This tree" is the working directory as it is, uncommitted edits included. The worktree gets no
// `npm ci` (this must work offline): it borrows this tree's node_modules through a symlink, and its
// Prisma client is generated from its own schema. A ref whose package-lock.json differs from this
// tree's is therefore measured with this tree's dependencies (a warning says so). ../shared (the
// ALQAC retrieval set) is linked next to the worktree so both trees measure the same corpus.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sideBySide, sideBySideTable } from "./compare.ts";
import type { BenchResults } from "./results.ts";

export interface AgainstOptions {
  repoRoot: string;
  ref: string;
  rounds: number;
  /** Arguments passed to both trees' bench/run.ts (--only, --messages, --rate as given). */
  args: string[];
  log: (line?: string) => void;
}

export async function runAgainst(opts: AgainstOptions): Promise<void> {
  const { repoRoot, ref, log } = opts;
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  let commit: string;
  try {
    commit = git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
  } catch {
    throw new Error(`--against ${ref}: not a commit in this repository`);
  }
  const short = commit.slice(0, 10);
  const work = mkdtempSync(path.join(tmpdir(), "ya-bench-against-"));
  const tree = path.join(work, "tree");
  const cleanup = () => {
    try {
      git("worktree", "remove", "--force", tree);
    } catch {
      // never added, or already gone: prune forgets it either way
    }
    try {
      git("worktree", "prune");
    } catch {
      // nothing to prune
    }
    rmSync(work, { recursive: true, force: true });
  };
  const interrupted = () => {
    cleanup();
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    log(`\n## Side by side: this tree against ${ref} (${short}), ${opts.rounds} rounds`);
    git("worktree", "add", "--detach", tree, commit);
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(tree, "node_modules"), "dir");
    const shared = path.resolve(repoRoot, "../shared");
    if (existsSync(shared)) symlinkSync(shared, path.join(work, "shared"), "dir");
    if (readFileSync(path.join(tree, "package-lock.json"), "utf8") !== readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) {
      log(`  Note: ${ref} has a different package-lock.json; it runs with this tree's node_modules.`);
    }
    if (existsSync(path.join(tree, "scripts/db.ts"))) {
      execFileSync(process.execPath, ["--import", "tsx", "scripts/db.ts", "generate"], { cwd: tree, stdio: ["ignore", "pipe", "pipe"] });
    }

    const sides = [
      { name: "this tree", root: repoRoot, runs: [] as BenchResults[] },
      { name: short, root: tree, runs: [] as BenchResults[] },
    ];
    for (let round = 1; round <= opts.rounds; round++) {
      for (const side of sides) {
        const logFile = path.join(work, `round-${round}-${side === sides[0] ? "ours" : "theirs"}.log`);
        const started = performance.now();
        await benchOnce(side.root, opts.args, logFile);
        side.runs.push(JSON.parse(readFileSync(path.join(side.root, "bench", "results.json"), "utf8")) as BenchResults);
        log(`  round ${round}/${opts.rounds}, ${side.name}: ${Math.round((performance.now() - started) / 1000)} s`);
      }
    }
    const rows = sideBySide(sides[0]!.runs, sides[1]!.runs);
    log(`\nRatios are this tree / ${short} (medians of ${opts.rounds} rounds); "ratio per round" pairs each round's two runs.`);
    log(sideBySideTable(rows, short));
    const worse = rows.filter((r) => r.verdict === "worse");
    const better = rows.filter((r) => r.verdict === "better");
    log(`\n${worse.length} worse, ${better.length} better, ${rows.length - worse.length - better.length} within noise (a verdict needs > 10%, every round agreeing and the ranges apart).`);
    if (opts.rounds < 3) log("With fewer than 3 rounds one noisy run can decide a verdict: use --rounds 3 or more.");
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    cleanup();
  }
}

/** Runs one tree's bench/run.ts to completion, its output into logFile (shown when it fails). */
async function benchOnce(root: string, args: string[], logFile: string): Promise<void> {
  const fd = openSync(logFile, "w");
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "bench", "run.ts"), ...args], { cwd: root, stdio: ["ignore", fd, fd] });
      child.once("error", reject);
      child.once("exit", resolve);
    });
    if (code !== 0) {
      const tail = readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
      throw new Error(`bench in ${root} exited with ${code}:\n${tail}`);
    }
  } finally {
    closeSync(fd);
  }
}
