/**
 * Hex-encoded values of EIP-1474: addresses, 32-byte hashes, quantities and byte strings.
 * Quantities are lenient about leading zeros ("0x01"), as anvil is, because some wallets and
 * libraries send them; they stay strict about the 0x prefix, hex digits and size.
 */
import type { ParamParser } from "../types.js";
import { defineParser, invalidValue } from "./parser.js";

const HEX_DIGITS = /^[0-9a-fA-F]*$/;

/** A 20-byte address; returns it lowercase ("0xab…"). Checksums are not enforced, as in geth. */
export const address: ParamParser<string> = defineParser("address", (value) =>
  fixedHex("address", value, 20),
);

/** A 32-byte hash (block hash, transaction hash, storage slot); returns it lowercase. */
export const hash32: ParamParser<string> = defineParser("hash", (value) => fixedHex("hash", value, 32));

/** An unsigned quantity of at most 256 bits ("0x0", "0x1a"); returns a bigint. */
export const quantity: ParamParser<bigint> = defineParser("quantity", (value) => parseQuantity(value, 256));

/** A quantity that must fit in 64 bits (gas, nonce, block number), as geth's hexutil.Uint64. */
export const quantityU64: ParamParser<bigint> = defineParser("quantity", (value) => parseQuantity(value, 64));

/** Even-length 0x-prefixed hex ("0x" is empty); returns the bytes. */
export const hexData: ParamParser<Uint8Array> = defineParser("hex data", (value) => {
  const digits = hexDigits("hex data", value);
  if (digits.length % 2 !== 0) invalidValue("hex data", value, "odd length");
  return Uint8Array.from(Buffer.from(digits, "hex"));
});

function fixedHex(description: string, value: unknown, bytes: number): string {
  if (typeof value !== "string" || value.length !== 2 + bytes * 2 || !value.startsWith("0x")) {
    return invalidValue(description, value);
  }
  if (!HEX_DIGITS.test(value.slice(2))) invalidValue(description, value);
  return value.toLowerCase();
}

function parseQuantity(value: unknown, bits: number): bigint {
  const digits = hexDigits("quantity", value);
  if (digits === "") invalidValue("quantity", value, "empty hex number");
  // Check the size on the string first: BigInt of a megabyte of hex would be slow for nothing.
  if (digits.replace(/^0+/, "").length > bits / 4)
    invalidValue("quantity", value, `larger than ${bits} bits`);
  return BigInt(`0x${digits}`);
}

/** The digits after "0x", or a failure naming what is wrong with the string. */
function hexDigits(description: string, value: unknown): string {
  if (typeof value !== "string") return invalidValue(description, value, "expected a 0x-prefixed hex string");
  if (!value.startsWith("0x")) invalidValue(description, value, "missing 0x prefix");
  const digits = value.slice(2);
  if (!HEX_DIGITS.test(digits)) invalidValue(description, value, "not hex");
  return digits;
}
