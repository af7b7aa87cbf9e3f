/**
 * Why a call waited on an earlier transaction, as a contract developer asks it: does my function
 * contend with other users' calls, or did it only come after something else?
 *
 * - `senderOrder`: the same sender's earlier transaction (its nonce and gas; or a location that
 *   only this sender's calls write in the workload, such as its own token balance);
 * - `proxyDeployment`: a proxy's ERC-1967 slots (implementation, admin, beacon);
 * - `setup`: state written by a deployment (constructors and initializers run in it), or written
 *   before the function's first call in the same test file on the same chain: the suite's
 *   funding and minting before the calls depend on it;
 * - `contention`: the rest, where calls of another sender write the same location from the
 *   function's first call on (the tested workload).
 */
import type { SuiteWait } from "./buildSuiteReport.js";
import { erc1967SlotName } from "./erc1967Slots.js";
import { locationKeyOf } from "./pevmDevnet.js";
import type { RecordedTransaction } from "./SuiteRecorder.js";

export type WaitReason = "contention" | "senderOrder" | "setup" | "proxyDeployment";

export class WaitClassifier {
  /** Index of each function's first call, by chain, test file and function. */
  private readonly firstCalls = new Map<string, number>();
  /** The calls (not creations) that wrote each location, by chain, in order. */
  private readonly writers = new Map<string, number[]>();

  /** `functionKeys[i]` names the function transaction i ran (`Contract.function`). */
  constructor(
    private readonly transactions: readonly RecordedTransaction[],
    private readonly functionKeys: readonly string[],
  ) {
    transactions.forEach((tx, index) => {
      const first = this.firstCallKey(index);
      if (!this.firstCalls.has(first)) this.firstCalls.set(first, index);
      if (tx.to === null) return;
      for (const location of tx.writes) {
        const key = `${tx.chain}:${locationKeyOf(location)}`;
        const list = this.writers.get(key);
        if (list === undefined) this.writers.set(key, [index]);
        else list.push(index);
      }
    });
  }

  /** Why transaction `index` waited on `wait`. */
  classify(index: number, wait: SuiteWait): WaitReason {
    if (wait.kind === "sender") return "senderOrder";
    if (wait.location.kind === "storage" && erc1967SlotName(wait.location.slot) !== undefined) {
      return "proxyDeployment";
    }
    const firstCall = this.firstCalls.get(this.firstCallKey(index)) ?? index;
    const writer = this.transactions[wait.tx];
    if (writer === undefined || writer.to === null || wait.tx < firstCall) return "setup";
    const tx = this.transactions[index] as RecordedTransaction;
    const writers = this.writers.get(`${tx.chain}:${locationKeyOf(wait.location)}`) ?? [];
    const otherSender = writers.some((k) => k >= firstCall && this.transactions[k]?.from !== tx.from);
    return otherSender ? "contention" : "senderOrder";
  }

  private firstCallKey(index: number): string {
    const tx = this.transactions[index] as RecordedTransaction;
    return `${tx.chain}:${tx.file}:${this.functionKeys[index]}`;
  }
}
