import { Address, bytesToHex } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { hexOf } from "../../src/state/hexOf.js";

describe("hexOf", () => {
  it("gives ethereumjs' hex for every length, longer than a word included", () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 13) & 255);
      expect(hexOf(bytes)).toBe(bytesToHex(bytes));
    }
    expect(hexOf(new Uint8Array(32).fill(255))).toBe(`0x${"ff".repeat(32)}`);
  });

  it("gives an address as Address.toString() does", () => {
    const address = new Address(Uint8Array.from({ length: 20 }, (_, i) => 0xa0 + i));
    expect(hexOf(address.bytes)).toBe(address.toString());
  });

  it("returns strings that later calls leave alone", () => {
    const first = hexOf(Uint8Array.of(1, 2, 3));
    const second = hexOf(Uint8Array.of(0xfe, 0xff));
    expect([first, second]).toEqual(["0x010203", "0xfeff"]);
  });

  it("reads a view at its own offset", () => {
    const backing = Uint8Array.of(9, 9, 0xab, 0xcd, 9);
    expect(hexOf(backing.subarray(2, 4))).toBe("0xabcd");
  });
});
