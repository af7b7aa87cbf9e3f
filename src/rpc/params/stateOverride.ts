/**
 * geth's state override set for eth_call / eth_estimateGas / debug_traceCall:
 * `{ [address]: { balance?, nonce?, code?, state?, stateDiff? } }`. `state` replaces the whole
 * storage of the account, `stateDiff` patches single slots; both at once is an error.
 */
import { InvalidParamsError } from "../../errors/DevnetError.js";
import type { ParamParser } from "../types.js";
import { address, hash32, hexData, quantity, quantityU64 } from "./hex.js";
import { asObject, defineParser, within } from "./parser.js";
import { struct } from "./struct.js";

export type AccountOverride = {
  balance?: bigint;
  nonce?: bigint;
  code?: Uint8Array;
  /** Slot → value, both 32-byte lowercase hex; replaces all storage. */
  state?: Map<string, string>;
  /** Slot → value, both 32-byte lowercase hex; changes only these slots. */
  stateDiff?: Map<string, string>;
};

/** Address (lowercase) → override. */
export type StateOverride = Map<string, AccountOverride>;

const storage: ParamParser<Map<string, string>> = defineParser("storage map", (value) => {
  const slots = new Map<string, string>();
  for (const [slot, word] of Object.entries(asObject("storage map", value))) {
    within(`slot ${slot}`, () => slots.set(hash32.parse(slot), hash32.parse(word)));
  }
  return slots;
});

const accountFields = struct("account override", {
  balance: quantity,
  nonce: quantityU64,
  code: hexData,
  state: storage,
  stateDiff: storage,
});

const accountOverride: ParamParser<AccountOverride> = defineParser("account override", (value) => {
  const account = accountFields.parse(value);
  if (account.state !== undefined && account.stateDiff !== undefined) {
    throw new InvalidParamsError("has both 'state' and 'stateDiff'");
  }
  return account;
});

/** A state override set; addresses differing only in case are one address, so naming it twice fails. */
export const stateOverride: ParamParser<StateOverride> = defineParser("state override", (value) => {
  const overrides: StateOverride = new Map();
  for (const [key, account] of Object.entries(asObject("state override", value))) {
    within(`account ${key}`, () => {
      const addr = address.parse(key);
      if (overrides.has(addr)) throw new InvalidParamsError("address given twice");
      overrides.set(addr, accountOverride.parse(account));
    });
  }
  return overrides;
});
