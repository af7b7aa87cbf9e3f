import { keccakWords, type StorageLayout } from "./ContractCatalog.js";

/**
 * The Solidity name of a storage slot, from the compiler's storage layout: `count`,
 * `balanceOf[0xf39f…2266]`, `allowance[0x…][0x…]`, `items[3]`. Mapping keys are tried from
 * `keys` (the transaction's sender, target and calldata words): a slot equal to
 * keccak(pad(key) . pad(baseSlot)) is `Var[key]`. Undefined when no rule names it.
 */
export function nameStorageSlot(
  layout: StorageLayout,
  slot: bigint,
  keys: readonly bigint[],
): string | undefined {
  const types = layout.types ?? {};
  const packed: string[] = [];
  for (const entry of layout.storage) {
    const base = BigInt(entry.slot);
    const type = types[entry.type];
    if (type === undefined) continue;
    if (type.encoding === "inplace") {
      const slots = BigInt(Math.max(1, Math.ceil(Number(type.numberOfBytes) / 32)));
      if (slot >= base && slot < base + slots)
        packed.push(slot === base ? entry.label : `${entry.label}+${slot - base}`);
      continue;
    }
    if (slot === base) {
      packed.push(entry.label);
      continue;
    }
    const inner = nameInside(types, type, base, slot, keys, 2);
    if (inner !== undefined) return `${entry.label}${inner}`;
  }
  return packed.length > 0 ? packed.join("/") : undefined;
}

function nameInside(
  types: NonNullable<StorageLayout["types"]>,
  type: NonNullable<StorageLayout["types"]>[string],
  base: bigint,
  slot: bigint,
  keys: readonly bigint[],
  depth: number,
): string | undefined {
  if (depth === 0) return undefined;
  if (type.encoding === "mapping" && type.value !== undefined) {
    const valueType = types[type.value];
    for (const key of keys) {
      const at = keccakWords(key, base);
      if (at === slot) return `[${formatKey(key)}]`;
      if (valueType === undefined) continue;
      if (valueType.encoding === "inplace") {
        const slots = BigInt(Math.ceil(Number(valueType.numberOfBytes) / 32));
        if (slot > at && slot < at + slots) return `[${formatKey(key)}]+${slot - at}`;
      } else {
        const deeper = nameInside(types, valueType, at, slot, keys, depth - 1);
        if (deeper !== undefined) return `[${formatKey(key)}]${deeper}`;
      }
    }
  }
  if (type.encoding === "dynamic_array" && type.base !== undefined) {
    const start = keccakWords(base);
    const element = types[type.base];
    const size = BigInt(Math.max(1, Math.ceil(Number(element?.numberOfBytes ?? "32") / 32)));
    if (slot >= start && slot < start + (1n << 32n) * size) return `[${(slot - start) / size}]`;
  }
  return undefined;
}

/** A mapping key as people read it: an address shortened, a small number in decimal. */
export function formatKey(key: bigint): string {
  if (key < 1n << 32n) return key.toString();
  if (key < 1n << 160n) return shortAddress(`0x${key.toString(16).padStart(40, "0")}`);
  return `0x${key.toString(16).padStart(64, "0").slice(0, 8)}…`;
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
