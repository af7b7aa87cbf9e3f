import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { describe, expect, it } from "vitest";
import { createSharedCommon } from "../../src/execution/SharedCommon.js";

/** The hardforks ethereumjs knows for mainnet. */
const hardforks = new Common({ chain: Mainnet }).hardforks().map((hardfork) => hardfork.name);

/** Every EIP number some hardfork activates, plus some no hardfork does. */
const eipsToAsk = (): number[] => {
  const known = new Set<number>([1, 2, 999_999]);
  for (const hardfork of hardforks) {
    const common = new Common({ chain: Mainnet, hardfork });
    for (const eip of (common as unknown as { _activatedEIPsCache: number[] })._activatedEIPsCache)
      known.add(eip);
  }
  return [...known];
};

describe("SharedCommon", () => {
  it("is the same Common after copy", () => {
    const common = createSharedCommon(31337n, { hardfork: Hardfork.Prague });
    expect(common.copy()).toBe(common);
  });

  it("answers isActivatedEIP as ethereumjs does, on every hardfork", () => {
    const eips = eipsToAsk();
    expect(eips.length).toBeGreaterThan(50);
    for (const hardfork of hardforks) {
      const shared = createSharedCommon(1n, { hardfork });
      const plain = new Common({ chain: Mainnet, hardfork });
      for (const eip of eips)
        expect([hardfork, eip, shared.isActivatedEIP(eip)]).toEqual([
          hardfork,
          eip,
          plain.isActivatedEIP(eip),
        ]);
    }
  });

  it("follows a change of hardfork and of extra EIPs", () => {
    const shared = createSharedCommon(1n, { hardfork: Hardfork.London });
    expect(shared.isActivatedEIP(3855)).toBe(false); // PUSH0 comes with Shanghai
    shared.setHardfork(Hardfork.Shanghai);
    expect(shared.isActivatedEIP(3855)).toBe(true);
    shared.setHardfork(Hardfork.London);
    expect(shared.isActivatedEIP(3855)).toBe(false);
    shared.setEIPs([3855]);
    expect(shared.isActivatedEIP(3855)).toBe(true);
  });
});
