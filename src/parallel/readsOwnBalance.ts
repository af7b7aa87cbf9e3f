/**
 * Whether a contract's code reads its own balance with SELFBALANCE (a router sweeping or
 * refunding what it holds, `address(this).balance` in any recent compiler's output). Such a
 * contract's balance is read exactly from the start: read lazily, the SELFBALANCE would reveal
 * the placeholder and the whole transaction would run again (see VersionedState's lazy
 * contracts). A delegating account (EIP-7702) runs other code: read exactly too.
 *
 * Code arrays come from the state, which hands out the same array for the same code (see
 * jumpAnalysisCache.ts): a scan per array, kept as long as the array is.
 */
const SELFBALANCE = 0x47;
const PUSH1 = 0x60;
const PUSH32 = 0x7f;
const DELEGATION_PREFIX = [0xef, 0x01, 0x00];

const scanned = new WeakMap<Uint8Array, boolean>();

export function readsOwnBalance(code: Uint8Array): boolean {
  let reads = scanned.get(code);
  if (reads === undefined) {
    reads = scan(code);
    scanned.set(code, reads);
  }
  return reads;
}

function scan(code: Uint8Array): boolean {
  if (DELEGATION_PREFIX.every((byte, i) => code[i] === byte)) return true;
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc] as number;
    if (op >= PUSH1 && op <= PUSH32) pc += op - PUSH1 + 1;
    else if (op === SELFBALANCE) return true;
  }
  return false;
}
