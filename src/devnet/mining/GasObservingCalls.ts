/**
 * The calls (a contract's code, a function's selector) and deployments (their init code and
 * arguments) whose run looked at its gas when a devnet tried to mine them at the block's gas
 * limit (mining/leastGasSeal.ts): their later transactions estimate first, as before, instead of
 * spending a run that cannot be sealed. A function that calls out (a router, a proxy, a safe
 * transfer) does so every time, and so does a constructor that deploys or calls another
 * contract; most never do.
 */
import { keccak256 } from "../../crypto/nativeCrypto.js";

export class GasObservingCalls {
  /** Keyed by the code array, which the state hands out the same for the same code. */
  private readonly byCode = new WeakMap<Uint8Array, Set<string>>();
  /** Deployments by the hash of their data: a suite deploys the same contract test after test. */
  private readonly deployments = new Set<string>();

  /** `code`: the called contract's; undefined for a deployment (its init code is `data`). */
  has(code: Uint8Array | undefined, data: Uint8Array): boolean {
    if (code === undefined) return this.deployments.has(deploymentOf(data));
    return this.byCode.get(code)?.has(selectorOf(data)) === true;
  }

  add(code: Uint8Array | undefined, data: Uint8Array): void {
    if (code === undefined) {
      this.deployments.add(deploymentOf(data));
      return;
    }
    let selectors = this.byCode.get(code);
    if (selectors === undefined) {
      selectors = new Set();
      this.byCode.set(code, selectors);
    }
    selectors.add(selectorOf(data));
  }
}

/** The function a call's data selects: its first four bytes, as hex ("" for none). */
function selectorOf(data: Uint8Array): string {
  return Buffer.from(data.subarray(0, 4)).toString("hex");
}

/** A deployment's key: the hash of its init code and arguments. */
function deploymentOf(data: Uint8Array): string {
  return Buffer.from(keccak256(data)).toString("hex");
}
