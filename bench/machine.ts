// What the benchmark ran on, recorded next to its numbers: results only compare on similar machines,
// and the load average says whether something else was competing for the CPUs.
import { readFileSync } from "node:fs";
import os from "node:os";
import { round } from "./stats.ts";

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  ramGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started. */
  loadAverage: number;
}

export function describeMachine(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? "unknown";
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux: os.cpus() is good enough
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    ramGiB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: round(os.loadavg()[0] ?? 0, 2),
  };
}

/** The parts of a machine that decide its speed. Load average is left out: it is per run, not per machine. */
export function fingerprint(m: MachineInfo): string {
  return `${m.cpus} × ${m.cpuModel}, ${m.ramGiB} GiB RAM, Node ${m.node}`;
}

/**
 * What differs between two machines' fingerprints (CPU model, cores, memory, Node version); empty
 * when figures measured on one may be compared with the other. Memory may differ by half a GiB
 * (what the kernel reserves varies between boots of the same machine).
 */
export function machineDifferences(a: MachineInfo, b: MachineInfo): string[] {
  const out: string[] = [];
  if (a.cpuModel !== b.cpuModel) out.push(`CPU ${a.cpuModel} ≠ ${b.cpuModel}`);
  if (a.cpus !== b.cpus) out.push(`${a.cpus} ≠ ${b.cpus} CPUs`);
  if (Math.abs(a.ramGiB - b.ramGiB) > 0.5) out.push(`${a.ramGiB} ≠ ${b.ramGiB} GiB RAM`);
  if (a.node !== b.node) out.push(`Node ${a.node} ≠ ${b.node}`);
  return out;
}
