/**
 * A block run by the sequential executor and by a parallel executor over the same state, held
 * to the same outcomes and state root, the engine not having fallen back.
 */
import { expect } from "vitest";
import { executeBlockSequential } from "../../src/execution/sequentialExecutor.js";
import type { BlockInput } from "../../src/execution/types.js";
import type { ParallelExecutor } from "../../src/parallel/ParallelExecutor.js";
import type { WorldState } from "../../src/state/WorldState.js";
import { comparable, rootAfter } from "./testWorld.js";

export async function bothWays(executor: ParallelExecutor, world: WorldState, input: BlockInput) {
  executor.resetState(() => world.snapshot());
  const sequential = await executeBlockSequential(input);
  const parallel = await executor.execute(input);
  expect(parallel.parallel.fellBack).toBeUndefined();
  expect(comparable(parallel)).toEqual(comparable(sequential));
  expect(await rootAfter(world, parallel.changes)).toBe(await rootAfter(world, sequential.changes));
  return { sequential, parallel };
}
