import { bytesToHex } from "@ethereumjs/util";

/** EIP-1474 quantity: 0x-hex without leading zeros ("0x0" for zero). */
export function toQuantity(value: bigint | number): string {
  return `0x${value.toString(16)}`;
}

/** EIP-1474 data: 0x-hex of the bytes. */
export function toData(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}
