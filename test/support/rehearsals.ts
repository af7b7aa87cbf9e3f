import type { ParallelExecutor } from "../../src/parallel/ParallelExecutor.js";

/** What each rehearsal of `engine` resolves to, from now on, in order. */
export function recordRehearsals(
  engine: ParallelExecutor,
): Awaited<ReturnType<ParallelExecutor["rehearse"]>>[] {
  const runs: Awaited<ReturnType<ParallelExecutor["rehearse"]>>[] = [];
  const rehearse = engine.rehearse.bind(engine);
  engine.rehearse = async (...args) => {
    const run = await rehearse(...args);
    runs.push(run);
    return run;
  };
  return runs;
}
