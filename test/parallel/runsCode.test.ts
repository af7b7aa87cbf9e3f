import { beforeAll, describe, expect, it } from "vitest";
import { runsCode } from "../../src/parallel/runsCode.js";
import { createTestWorld, type TestWorld } from "../support/testWorld.js";

let w: TestWorld;

beforeAll(async () => {
  w = await createTestWorld(2);
});

const ethTransfer = (i: number) => w.tx(w.senders[i] as string, 0n, w.senders[(i + 1) % 2], "0x", 5n);
const tokenTransfer = (i: number) =>
  w.tx(
    w.senders[i] as string,
    0n,
    w.contracts.token,
    w.interfaces.token.encodeFunctionData("transfer", [w.senders[(i + 1) % 2], 1n]),
  );

describe("runsCode", () => {
  it("tells a plain value transfer from a call, a creation and a transfer to a contract", () => {
    expect(runsCode(ethTransfer(0), w.world)).toBe(false);
    expect(runsCode(tokenTransfer(0), w.world)).toBe(true);
    expect(runsCode(w.tx(w.senders[0] as string, 0n, undefined, "0x00"), w.world)).toBe(true);
    expect(runsCode(w.tx(w.senders[0] as string, 0n, w.contracts.counter, "0x"), w.world)).toBe(true);
  });
});
