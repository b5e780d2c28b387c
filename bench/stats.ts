// Small helpers shared by the benchmarks: timing and summary statistics.
import { performance } from "node:perf_hooks";

export interface Stats {
  runs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
}

export function summarize(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { runs: sorted.length, medianMs: round(at(0.5)), p90Ms: round(at(0.9)), minMs: round(sorted[0]!) };
}

export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** Times `fn` `runs` times after `warmup` untimed runs. */
export async function time(runs: number, fn: () => unknown, warmup = 3): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

export function line(label: string, s: Stats, target?: string): string {
  return `${label.padEnd(44)} median ${String(s.medianMs).padStart(8)} ms   p90 ${String(s.p90Ms).padStart(8)} ms   min ${String(s.minMs).padStart(8)} ms   (${s.runs} runs)${target ? `   target ${target}` : ""}`;
}
