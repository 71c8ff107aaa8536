// A small progress bar on stderr for long CLI runs; on a non-terminal it prints a line every 10%.
export function progressBar(label: string): (done: number, total: number, item: string) => void {
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  return (done, total, item) => {
    if (total === 0) return;
    const ratio = done / total;
    if (tty) {
      const width = 30;
      const filled = Math.round(ratio * width);
      const name = item.length > 40 ? "…" + item.slice(-39) : item;
      process.stderr.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${name.padEnd(40)}`);
      if (done === total) process.stderr.write("\n");
    } else {
      const decile = Math.floor(ratio * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${label}: ${done}/${total}\n`);
      }
    }
  };
}
