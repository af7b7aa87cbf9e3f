import { describe, expect, it } from "vitest";
import { ProvableRoots } from "../../../src/devnet/chain/ProvableRoots.js";

const root = (byte: number) => new Uint8Array(32).fill(byte);

describe("ProvableRoots", () => {
  it("holds a root while any block that has it is kept (empty blocks repeat a root)", () => {
    const roots = new ProvableRoots();
    roots.add(1n, root(1));
    roots.add(2n, root(1));
    roots.add(3n, root(2));
    expect(roots.trimTo(2).map((r) => r.height)).toEqual([1n]);
    expect(roots.holds(root(1))).toBe(true);
    expect(roots.trimTo(1).map((r) => r.height)).toEqual([2n]);
    expect(roots.holds(root(1))).toBe(false);
    expect(roots.holds(root(2))).toBe(true);
    expect(roots.size).toBe(1);
  });

  it("drops the roots of the blocks at a height and above", () => {
    const roots = new ProvableRoots();
    for (let h = 1; h <= 5; h++) roots.add(BigInt(h), root(h));
    expect(roots.dropFrom(4n).map((r) => r.height)).toEqual([4n, 5n]);
    expect(roots.holds(root(4))).toBe(false);
    expect(roots.holds(root(3))).toBe(true);
    expect(roots.dropFrom(9n)).toEqual([]);
    roots.clear();
    expect(roots.holds(root(1))).toBe(false);
    expect(roots.size).toBe(0);
  });
});
