/**
 * RemoteBlockState: the remote's state after one of its blocks before the fork block, which a
 * trace or report of the block after it re-executes over (as anvil traces forked transactions).
 * It is a lazy WorldState: a read of what it does not hold throws a StateMiss, and `load` fetches
 * keys from the remote at that block (RemoteStateLoader: batched, cached) and lays them in.
 */
import type { StateKey } from "../../state/StateMiss.js";
import { WorldState } from "../../state/WorldState.js";
import type { RemoteStateLoader } from "./RemoteStateLoader.js";

export class RemoteBlockState {
  readonly world: WorldState;

  constructor(
    readonly number: bigint,
    private readonly loader: RemoteStateLoader,
  ) {
    this.world = WorldState.restored([], Number(number), { lazy: true });
  }

  /** Fetches the keys the state does not hold yet and lays them in. */
  async load(keys: Iterable<StateKey>): Promise<void> {
    const unknown = [...keys].filter((key) => !this.world.knows(key));
    if (unknown.length === 0) return;
    this.world.materialize(await this.loader.load(unknown));
  }
}
