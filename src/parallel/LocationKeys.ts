/**
 * LocationKeys: the location keys of the accounts and slots an executor meets, built once each.
 *
 * An incarnation looks a location up several times (its own cache, the multi-version memory,
 * then again to compare what it wrote with what it read). A key built afresh each time is a new
 * string that V8 must flatten and hash at each lookup; the same string object hashes once. An
 * ERC-20 transfer touches nine locations, and the address strings ethereumjs hands over are
 * new at every call, so one lookup by address replaces three key builds.
 *
 * The keys are pure functions of address and slot, so the cache outlives blocks; it starts over
 * when it holds too many, so that a long-running devnet does not keep every key it ever built.
 */
import type { AddressHex, SlotHex } from "../state/types.js";
import { balanceKey, codeKey, nonceKey, storageKey } from "./locations.js";
import type { LocationKey } from "./types.js";

/** An account's keys, and those of the slots of it met so far. */
export interface AccountKeys {
  readonly address: AddressHex;
  readonly balance: LocationKey;
  readonly nonce: LocationKey;
  readonly code: LocationKey;
  readonly slots: Map<SlotHex, LocationKey>;
}

/** Keys kept at most before starting over (about 100 bytes each). */
const MAX_KEYS = 200_000;

export class LocationKeys {
  private readonly accounts = new Map<AddressHex, AccountKeys>();
  private size = 0;

  constructor(private readonly maxKeys = MAX_KEYS) {}

  of(address: AddressHex): AccountKeys {
    let keys = this.accounts.get(address);
    if (keys === undefined) {
      this.makeRoom(3);
      keys = {
        address,
        balance: balanceKey(address),
        nonce: nonceKey(address),
        code: codeKey(address),
        slots: new Map(),
      };
      this.accounts.set(address, keys);
    }
    return keys;
  }

  storage(account: AccountKeys, slot: SlotHex): LocationKey {
    let key = account.slots.get(slot);
    if (key === undefined) {
      key = storageKey(account.address, slot);
      this.makeRoom(1);
      account.slots.set(slot, key);
    }
    return key;
  }

  private makeRoom(keys: number): void {
    if (this.size + keys > this.maxKeys) {
      this.accounts.clear();
      this.size = 0;
    }
    this.size += keys;
  }
}
