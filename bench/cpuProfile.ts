/**
 * CPU profiles of the main thread (the parallel engine's coordinator) around the timed parallel
 * runs only, with node:inspector, for `--cpu-profile DIR`. (`node --cpu-prof` profiles the
 * whole process, set-up and sequential runs included; worker threads get their own files that
 * way.) Summarize a profile with `node bench/profileSummary.ts FILE`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

export interface RunningProfile {
  /** Stops profiling and writes the profile; returns its path. */
  stop(): Promise<string>;
}

export async function startCpuProfile(dir: string, name: string): Promise<RunningProfile> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 1000 });
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${name.replace(/[^A-Za-z0-9.-]+/g, "-")}.cpuprofile`);
      writeFileSync(path, JSON.stringify(profile));
      return path;
    },
  };
}
