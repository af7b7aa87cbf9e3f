/** Timing helpers shared by the benchmark sections. */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The lower and upper quartile (medians of the lower and upper half; the middle value joins both). */
export function quartiles(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const half = (sorted.length + 1) >> 1;
  return [median(sorted.slice(0, half)), median(sorted.slice(sorted.length - half))];
}

/** Index of the median run (the lower middle one for an even count). */
export function medianIndex(values: readonly number[]): number {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  return order[(order.length - 1) >> 1]?.[1] ?? 0;
}

/** Transactions per second for `count` transactions in `ms` milliseconds. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.NaN;
}

/**
 * Runs `body` and returns its result with the wall-clock milliseconds it took and the CPU
 * milliseconds the whole process (every thread, workers included) spent meanwhile. CPU time
 * shows the work an executor does even when other processes compete for the cores.
 */
export async function timed<T>(
  body: () => Promise<T>,
): Promise<{ result: T; ms: number; cpuMs: number; mainThreadCpuMs: number }> {
  const cpu = process.cpuUsage();
  const mainCpu = threadCpuUsage();
  const started = performance.now();
  const result = await body();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const mainUsed = threadCpuUsage();
  return {
    result,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    mainThreadCpuMs: (mainUsed.user - mainCpu.user + mainUsed.system - mainCpu.system) / 1000,
  };
}

type CpuUsage = { user: number; system: number };

/** CPU time of the calling thread (Node ≥ 22.19); NaN where Node lacks it. */
function threadCpuUsage(): CpuUsage {
  const read = (process as unknown as { threadCpuUsage?: () => CpuUsage }).threadCpuUsage;
  return read === undefined ? { user: Number.NaN, system: Number.NaN } : read.call(process);
}

/**
 * How busy the machine is besides us: the 1-minute load average and, where the kernel reports
 * it, the share of the last 10 s in which some task waited for a CPU (/proc/pressure/cpu).
 */
export function machineLoad(): { loadAverage1m: number; cpuPressure10s: number | undefined } {
  let cpuPressure10s: number | undefined;
  try {
    const match = /some avg10=([\d.]+)/.exec(readFileSync("/proc/pressure/cpu", "utf8"));
    if (match !== null) cpuPressure10s = Number(match[1]);
  } catch {
    // not Linux, or no PSI
  }
  return { loadAverage1m: loadavg()[0] ?? 0, cpuPressure10s };
}
