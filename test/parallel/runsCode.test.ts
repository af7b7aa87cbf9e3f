import { beforeAll, describe, expect, it } from "vitest";
import { runsCode } from "../../src/parallel/runsCode.js";
import { createTestWorld, ethTransfer, type TestWorld, tokenTransfer } from "../support/testWorld.js";

let w: TestWorld;

beforeAll(async () => {
  w = await createTestWorld(2);
});

describe("runsCode", () => {
  it("tells a plain value transfer from a call, a creation and a transfer to a contract", () => {
    expect(runsCode(ethTransfer(w, 0), w.world)).toBe(false);
    expect(runsCode(tokenTransfer(w, 0), w.world)).toBe(true);
    expect(runsCode(w.tx(w.senders[0] as string, 0n, undefined, "0x00"), w.world)).toBe(true);
    expect(runsCode(w.tx(w.senders[0] as string, 0n, w.contracts.counter, "0x"), w.world)).toBe(true);
  });
});
