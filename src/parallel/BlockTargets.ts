/**
 * BlockTargets: what a block's transactions call, as the engine's set-up asks it several times
 * (lazy senders, the contracts to probe, the scheduler's callers): each transaction's target
 * as a flat hex string, and whether a target has code before the block. A block of token
 * transfers names one contract 2,000 times: its hex is built once for a run of calls to it, and
 * its account looked up once, while the workers wait for the set-up.
 */
import { equalsBytes, KECCAK256_NULL } from "@ethereumjs/util";
import type { BlockInput } from "../execution/types.js";
import { hexOf } from "../state/hexOf.js";
import type { TxIndex } from "./types.js";

export class BlockTargets {
  private last: { bytes: Uint8Array; hex: string } | undefined;
  private readonly code = new Map<string, boolean>();

  constructor(private readonly input: BlockInput) {}

  /** Transaction `tx`'s target (hexOf, not Address.toString: a flat string), or undefined for a creation. */
  readonly targetOf = (tx: TxIndex): string | undefined => {
    const to = this.input.transactions[tx]?.to;
    if (to === undefined) return undefined;
    if (this.last === undefined || !equalsBytes(to.bytes, this.last.bytes)) {
      this.last = { bytes: to.bytes, hex: hexOf(to.bytes) };
    }
    return this.last.hex;
  };

  /** Whether `address` has code in the block's pre-state. */
  readonly hasCode = (address: string): boolean => {
    let code = this.code.get(address);
    if (code === undefined) {
      const account = this.input.preState.getAccount(address);
      code = account !== undefined && !equalsBytes(account.codeHash, KECCAK256_NULL);
      this.code.set(address, code);
    }
    return code;
  };
}
