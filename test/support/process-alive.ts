// Whether a process still runs: how a test run tells its own template folder and lock files from
// those a killed run left behind (global-setup.ts, templates.ts).
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
