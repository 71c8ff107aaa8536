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
