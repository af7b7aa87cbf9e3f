import { randomBytes } from "node:crypto";
import type { Devnet } from "../../../devnet/Devnet.js";

const ids = new WeakMap<Devnet, string>();

/**
 * A random 32-byte id of this devnet instance (anvil_metadata, hardhat_metadata): tools that
 * cache chain data compare it to notice they talk to a new chain.
 */
export function instanceId(devnet: Devnet): string {
  let id = ids.get(devnet);
  if (id === undefined) {
    id = `0x${randomBytes(32).toString("hex")}`;
    ids.set(devnet, id);
  }
  return id;
}

/** A new id: the chain was reset, caches of the old one are stale (anvil_reset). */
export function renewInstanceId(devnet: Devnet): void {
  ids.delete(devnet);
}
