/**
 * What a message's run reports of its gas, on a real devnet: the least gas left at an SSTORE, and
 * whether a step that looks at the gas ran.
 */
import { hexToBytes } from "@ethereumjs/util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Devnet } from "../../src/devnet/Devnet.js";

const STORES = `0x${"aa".repeat(20)}`;
const NO_STORE = `0x${"bb".repeat(20)}`;
/** Holds GAS and CALL behind a branch taken when the calldata is not empty. */
const BRANCHES = `0x${"cc".repeat(20)}`;
let devnet: Devnet;

beforeAll(async () => {
  devnet = await Devnet.create({ mining: { mode: "manual" } });
  await devnet.editState([
    // PUSH1 1 PUSH1 0 SSTORE, PUSH1 2 PUSH1 1 SSTORE (20,000 gas each), STOP
    devnet.accountEdit(STORES, { code: hexToBytes("0x600160005560026001550000") }),
    // PUSH1 1 PUSH1 0 MSTORE STOP
    devnet.accountEdit(NO_STORE, { code: hexToBytes("0x600160005200") }),
    // CALLDATASIZE PUSH1 6 JUMPI STOP, JUMPDEST: PUSH1 0 DUP1 DUP1 DUP1 DUP1 ADDRESS GAS CALL STOP
    devnet.accountEdit(BRANCHES, { code: hexToBytes("0x3660065700005b600080808080305af100") }),
  ]);
});

afterAll(async () => {
  await devnet.close();
});

describe("gas probe", () => {
  it("reports the gas left at the last SSTORE, the least, where EIP-2200's sentry looks", async () => {
    const gas = 100_000n;
    const result = await devnet.call({ to: STORES, gas }, devnet.chain.height);
    expect(result.error).toBeUndefined();
    // Before the second SSTORE: the transaction's 21,000, two PUSH1s (6), the first SSTORE
    // (cold slot, 0 to 1: 22,100) and two more PUSH1s (6).
    expect(result.leastGasAtSstore).toBe(gas - 21_000n - 6n - 22_100n - 6n);
    expect(result.minimumGasLimit).toBe(21_000n);
  });

  it("says none ran, and starts afresh with each message", async () => {
    const result = await devnet.call({ to: NO_STORE, gas: 100_000n }, devnet.chain.height);
    expect(result.leastGasAtSstore).toBe("none");
  });

  it("tells a run that reached no step looking at the gas from one that did, whatever the code holds", async () => {
    const skipped = await devnet.call({ to: BRANCHES, gas: 100_000n }, devnet.chain.height);
    expect(skipped.error).toBeUndefined();
    expect(skipped.observedGas).toBe(false);
    const reached = await devnet.call(
      { to: BRANCHES, gas: 100_000n, data: hexToBytes("0x01") },
      devnet.chain.height,
    );
    expect(reached.error).toBeUndefined();
    expect(reached.observedGas).toBe(true);
    // The next run starts afresh.
    const again = await devnet.call({ to: BRANCHES, gas: 100_000n }, devnet.chain.height);
    expect(again.observedGas).toBe(false);
  });
});
