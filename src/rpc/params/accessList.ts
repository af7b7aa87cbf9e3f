/** EIP-2930 access list: `[{ address, storageKeys: [hash, …] }, …]`. */
import type { ParamParser } from "../types.js";
import { array } from "./combinators.js";
import { address, hash32 } from "./hex.js";
import { asObject, defineParser, within } from "./parser.js";

export type AccessListEntry = { address: string; storageKeys: string[] };
export type AccessList = AccessListEntry[];

const storageKeys = array(hash32);

const accessListEntry: ParamParser<AccessListEntry> = defineParser("access list entry", (value) => {
  const entry = asObject("access list entry", value);
  return {
    address: within('field "address"', () => address.parse(entry.address)),
    // Some tools omit storageKeys for an entry that only warms the account.
    storageKeys: within('field "storageKeys"', () =>
      entry.storageKeys === undefined || entry.storageKeys === null
        ? []
        : storageKeys.parse(entry.storageKeys),
    ),
  };
});

/** An access list; addresses and keys come back lowercase. */
export const accessList: ParamParser<AccessList> = array(accessListEntry);
