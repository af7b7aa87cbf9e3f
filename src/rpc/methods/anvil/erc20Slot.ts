/**
 * Where an ERC-20 keeps a holder's balance (or an allowance), found the way anvil finds it: run
 * the view call (`balanceOf(holder)`) with its access list reported, then, for each slot of the
 * token it read, run it again with that slot overridden by a probe value. The slot whose probe
 * comes back as the answer is the one. Nothing is written while searching.
 *
 * The probe differs from the current answer, so a slot the call reads without answering from
 * it is never mistaken for the balance. A balance packed with other fields in one slot is not
 * found (as in anvil).
 */
import { bigIntToUnpaddedBytes, bytesToBigInt, hexToBytes, setLengthLeft } from "@ethereumjs/util";
import type { Devnet } from "../../../devnet/Devnet.js";

const BALANCE_OF = "0x70a08231";
const ALLOWANCE = "0xdd62ed3e";
/** An unlikely balance: "pevm" in ASCII followed by ones. */
const PROBE = 0x7065766d_1111_1111_1111_1111_1111_1111n;

/** balanceOf(holder) calldata. */
export function balanceOfCall(holder: string): Uint8Array {
  return calldata(BALANCE_OF, [holder]);
}

/** allowance(owner, spender) calldata. */
export function allowanceCall(owner: string, spender: string): Uint8Array {
  return calldata(ALLOWANCE, [owner, spender]);
}

/** The slot (0x + 64 hex digits) the token answers `data` from, or undefined. */
export async function findErc20Slot(
  devnet: Devnet,
  token: string,
  data: Uint8Array,
): Promise<string | undefined> {
  const head = devnet.head.number;
  const request = { to: token, data };
  const traced = await devnet.call(request, head, { reportAccessList: true });
  if (traced.invalid !== undefined || traced.error !== undefined) return undefined;
  const probe = answerOf(traced.returnValue) === PROBE ? PROBE + 1n : PROBE;
  for (const item of traced.accessList ?? []) {
    if (item.address.toLowerCase() !== token) continue;
    for (const key of item.storageKeys) {
      const slot = `0x${key.slice(2).padStart(64, "0").toLowerCase()}`;
      const stateDiff = new Map([[slot, bigIntToUnpaddedBytes(probe)]]);
      const probed = await devnet.call(request, head, { overrides: new Map([[token, { stateDiff }]]) });
      if (
        probed.invalid === undefined &&
        probed.error === undefined &&
        answerOf(probed.returnValue) === probe
      ) {
        return slot;
      }
    }
  }
  return undefined;
}

/** The first 32-byte word of a return value, or undefined when it is shorter. */
function answerOf(returnValue: Uint8Array): bigint | undefined {
  return returnValue.length < 32 ? undefined : bytesToBigInt(returnValue.subarray(0, 32));
}

function calldata(selector: string, addresses: string[]): Uint8Array {
  const parts = [hexToBytes(selector as `0x${string}`)];
  for (const address of addresses) parts.push(setLengthLeft(hexToBytes(address as `0x${string}`), 32));
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}
