/**
 * A StateReader with account changes laid over another: the state a block started from when
 * state edits (anvil_setBalance, ...) were made between its parent and it.
 */
import type { BlockChange } from "./JournaledState.js";
import type { StateReader } from "./StateReader.js";
import type { AccountInfo, AddressHex, SlotHex } from "./types.js";

const EMPTY = new Uint8Array();

interface Overlaid {
  account: AccountInfo | undefined;
  code: Uint8Array | undefined;
  storage: Map<SlotHex, Uint8Array>;
  /** Earlier storage is gone (a deleted or wiped account). */
  wiped: boolean;
}

export class ChangesOverlay implements StateReader {
  private readonly accounts = new Map<AddressHex, Overlaid>();

  constructor(
    private readonly base: StateReader,
    changes: Iterable<BlockChange>,
  ) {
    for (const change of changes) {
      const previous = this.accounts.get(change.address);
      const wiped = change.storageCleared || change.account === undefined;
      const storage = wiped ? new Map<SlotHex, Uint8Array>() : new Map(previous?.storage ?? []);
      for (const [slot, value] of change.storage) storage.set(slot, value);
      this.accounts.set(change.address, {
        account: change.account,
        code: change.code ?? (change.account === undefined ? EMPTY : previous?.code),
        storage,
        wiped: wiped || (previous?.wiped ?? false),
      });
    }
  }

  getAccount(address: AddressHex): AccountInfo | undefined {
    const overlaid = this.accounts.get(address);
    return overlaid === undefined ? this.base.getAccount(address) : overlaid.account;
  }

  getCode(address: AddressHex): Uint8Array {
    const overlaid = this.accounts.get(address);
    if (overlaid === undefined) return this.base.getCode(address);
    return overlaid.code ?? this.base.getCode(address);
  }

  getStorage(address: AddressHex, slot: SlotHex): Uint8Array {
    const overlaid = this.accounts.get(address);
    if (overlaid === undefined) return this.base.getStorage(address, slot);
    const value = overlaid.storage.get(slot);
    if (value !== undefined) return value;
    return overlaid.wiped ? EMPTY : this.base.getStorage(address, slot);
  }

  hasStorage(address: AddressHex): boolean {
    const overlaid = this.accounts.get(address);
    if (overlaid === undefined) return this.base.hasStorage(address);
    for (const value of overlaid.storage.values()) if (value.length > 0) return true;
    return overlaid.wiped ? false : this.base.hasStorage(address);
  }
}
