/**
 * Snapshot ids as the RPC shows them. anvil numbers its snapshots from "0x0", the Devnet from 1:
 * the RPC id is the Devnet's minus one, so the same calls give the same ids on both. Both count
 * up forever, and a revert uses up its snapshot and every later one.
 *
 * The snapshots taken here are remembered with the block they were taken at, for
 * anvil_metadata's `snapshots`.
 */
import type { Devnet } from "../../../devnet/Devnet.js";
import { toQuantity } from "../../format/quantity.js";

export interface SnapshotPoint {
  blockNumber: bigint;
  blockHash: string;
}

const taken = new WeakMap<Devnet, Map<bigint, SnapshotPoint>>();

function takenOn(devnet: Devnet): Map<bigint, SnapshotPoint> {
  let snapshots = taken.get(devnet);
  if (snapshots === undefined) {
    snapshots = new Map();
    taken.set(devnet, snapshots);
  }
  return snapshots;
}

/** Takes a snapshot; returns its RPC id ("0x0", "0x1", ...). */
export async function takeSnapshot(devnet: Devnet): Promise<string> {
  const id = BigInt(await devnet.snapshot()) - 1n;
  takenOn(devnet).set(id, { blockNumber: devnet.head.number, blockHash: devnet.head.hash });
  return toQuantity(id);
}

/** Reverts to the snapshot with this RPC id; false when there is none (unknown or used up). */
export async function revertToSnapshot(devnet: Devnet, id: bigint): Promise<boolean> {
  if (id >= BigInt(Number.MAX_SAFE_INTEGER)) return false;
  const reverted = await devnet.revert(Number(id) + 1);
  if (reverted) {
    const snapshots = takenOn(devnet);
    for (const later of [...snapshots.keys()]) if (later >= id) snapshots.delete(later);
  }
  return reverted;
}

/** Forgets every snapshot (the chain was reset or replaced). */
export function forgetSnapshots(devnet: Devnet): void {
  taken.delete(devnet);
}

/** The snapshots taken through the RPC that can still be reverted to, by RPC id. */
export function liveSnapshots(devnet: Devnet): ReadonlyMap<bigint, SnapshotPoint> {
  return takenOn(devnet);
}
