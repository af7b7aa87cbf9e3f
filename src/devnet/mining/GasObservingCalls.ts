/**
 * The calls (a contract's code, a function's selector) whose run looked at its gas when a devnet
 * tried to mine them at the block's gas limit (mining/leastGasSeal.ts): their later transactions
 * estimate first, as before, instead of spending a run that cannot be sealed. A function that
 * calls out (a router, a proxy, a safe transfer) does so every time; most never do.
 */
export class GasObservingCalls {
  /** Keyed by the code array, which the state hands out the same for the same code. */
  private readonly byCode = new WeakMap<Uint8Array, Set<string>>();

  has(code: Uint8Array, data: Uint8Array): boolean {
    return this.byCode.get(code)?.has(selectorOf(data)) === true;
  }

  add(code: Uint8Array, data: Uint8Array): void {
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
