// Small numeric helpers for the benchmark: percentiles, rounding, sizes.

export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function mebibytes(bytes: number): number {
  return round(bytes / 1024 / 1024, 0);
}
