import { describe, expect, it } from "vitest";
import { packedTransaction, packTransactions } from "../../src/parallel/PackedTransactions.js";

describe("PackedTransactions", () => {
  it("gives back each transaction's bytes, empty ones and a block without any included", () => {
    const raws = [Uint8Array.of(1, 2, 3), new Uint8Array(), Uint8Array.of(4), new Uint8Array(300).fill(7)];
    const packed = packTransactions(raws);
    expect(packed.ends.length).toBe(4);
    expect(packed.bytes.length).toBe(304);
    expect(raws.map((_, i) => packedTransaction(packed, i))).toEqual(raws);
    expect(packTransactions([]).ends.length).toBe(0);
  });

  it("crosses a thread boundary as two buffers", () => {
    const packed = packTransactions([Uint8Array.of(9, 9), Uint8Array.of(8)]);
    const copy = structuredClone(packed);
    expect(packedTransaction(copy, 1)).toEqual(Uint8Array.of(8));
  });
});
