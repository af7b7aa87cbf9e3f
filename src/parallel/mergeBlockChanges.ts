/**
 * Two consecutive sets of state changes as one: `later` was computed over the state `earlier`
 * left, so per account its account fields win, its storage writes go over earlier's (or alone,
 * when it wiped the storage), and its code replaces earlier's when it set one.
 */
import type { BlockChange } from "../state/JournaledState.js";

export function mergeBlockChanges(
  earlier: readonly BlockChange[],
  later: readonly BlockChange[],
): BlockChange[] {
  const merged = new Map<string, BlockChange>();
  for (const change of earlier) merged.set(change.address, change);
  for (const change of later) {
    const before = merged.get(change.address);
    if (before === undefined) {
      merged.set(change.address, change);
      continue;
    }
    const wiped = change.storageCleared || change.account === undefined;
    const next: BlockChange = {
      address: change.address,
      account: change.account,
      storageCleared: wiped || before.storageCleared,
      storage: wiped ? change.storage : new Map([...before.storage, ...change.storage]),
    };
    if (before.accountWritten === false && change.accountWritten === false) next.accountWritten = false;
    const code = change.code ?? (change.account === undefined ? undefined : before.code);
    if (code !== undefined) next.code = code;
    merged.set(change.address, next);
  }
  return [...merged.values()];
}
