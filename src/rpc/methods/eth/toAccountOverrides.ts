import { hexToBytes } from "@ethereumjs/util";
import type { AccountOverride } from "../../../devnet/call/OverriddenState.js";
import { stripLeadingZeros } from "../../../state/stripLeadingZeros.js";
import type { StateOverride } from "../../params/stateOverride.js";

/** The RPC's state override (hex words) as the devnet's (slot values without leading zeros). */
export function toAccountOverrides(
  overrides: StateOverride | undefined,
): Map<string, AccountOverride> | undefined {
  if (overrides === undefined) return undefined;
  const out = new Map<string, AccountOverride>();
  for (const [address, override] of overrides) {
    const converted: AccountOverride = {};
    if (override.balance !== undefined) converted.balance = override.balance;
    if (override.nonce !== undefined) converted.nonce = override.nonce;
    if (override.code !== undefined) converted.code = override.code;
    if (override.state !== undefined) converted.state = slotValues(override.state);
    if (override.stateDiff !== undefined) converted.stateDiff = slotValues(override.stateDiff);
    out.set(address, converted);
  }
  return out;
}

function slotValues(words: Map<string, string>): Map<string, Uint8Array> {
  const slots = new Map<string, Uint8Array>();
  for (const [slot, word] of words) {
    slots.set(slot, stripLeadingZeros(hexToBytes(word as `0x${string}`)));
  }
  return slots;
}
