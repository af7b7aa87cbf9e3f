/**
 * A StateReader with geth's state overrides on top (eth_call's third parameter): replace an
 * account's balance, nonce or code, replace all its storage (`state`) or some slots (`stateDiff`).
 */
import { accountWith } from "../../state/accountWith.js";
import type { StateReader } from "../../state/StateReader.js";
import type { AccountInfo, AddressHex, SlotHex } from "../../state/types.js";

export interface AccountOverride {
  balance?: bigint;
  nonce?: bigint;
  code?: Uint8Array;
  /** Replaces the whole storage. */
  state?: Map<SlotHex, Uint8Array>;
  /** Replaces these slots only. */
  stateDiff?: Map<SlotHex, Uint8Array>;
}

export class OverriddenState implements StateReader {
  constructor(
    private readonly base: StateReader,
    private readonly overrides: ReadonlyMap<AddressHex, AccountOverride>,
  ) {}

  getAccount(address: AddressHex): AccountInfo | undefined {
    const override = this.overrides.get(address);
    const account = this.base.getAccount(address);
    if (override === undefined) return account;
    return accountWith(account, override);
  }

  getCode(address: AddressHex): Uint8Array {
    return this.overrides.get(address)?.code ?? this.base.getCode(address);
  }

  getStorage(address: AddressHex, slot: SlotHex): Uint8Array {
    const override = this.overrides.get(address);
    if (override?.state !== undefined) return override.state.get(slot) ?? new Uint8Array();
    return override?.stateDiff?.get(slot) ?? this.base.getStorage(address, slot);
  }

  hasStorage(address: AddressHex): boolean {
    const override = this.overrides.get(address);
    if (override?.state !== undefined) return [...override.state.values()].some((v) => v.length > 0);
    return this.base.hasStorage(address);
  }
}
