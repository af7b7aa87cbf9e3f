/**
 * JournaledState's handling of senders with code: runTx's EIP-3607 check sees such a sender
 * without code when the state allows it, and nothing else does.
 */
import { createBlockHeader } from "@ethereumjs/block";
import { hexToBytes, KECCAK256_NULL } from "@ethereumjs/util";
import { beforeAll, describe, expect, it } from "vitest";
import { keccak256, nativeCustomCrypto } from "../../src/crypto/nativeCrypto.js";
import { messageTx } from "../../src/devnet/call/messageTx.js";
import { createSharedCommon, type SharedCommon } from "../../src/execution/SharedCommon.js";
import { executeBlockSequential } from "../../src/execution/sequentialExecutor.js";
import type { BlockInput } from "../../src/execution/types.js";
import { WorldState } from "../../src/state/WorldState.js";
import { contractAt } from "../support/testWorld.js";

/** The sender: CALLER PUSH1 0 SSTORE STOP. */
const SENDER_CODE = hexToBytes("0x3360005500");
/** The target: CALLER EXTCODEHASH PUSH0 SSTORE STOP (stores its caller's code hash). */
const TARGET_CODE = hexToBytes("0x333f5f5500");
const SENDER = `0x${"5e".repeat(20)}`;
const TARGET = `0x${"7a".repeat(20)}`;
const SLOT_0 = `0x${"0".repeat(64)}`;

let common: SharedCommon;
let world: WorldState;

beforeAll(() => {
  common = createSharedCommon(31337n, { hardfork: "prague", customCrypto: nativeCustomCrypto() });
  world = new WorldState();
  world.applyBlock([contractAt(SENDER, SENDER_CODE, 10n ** 18n), contractAt(TARGET, TARGET_CODE)]);
});

function input(allowSendersWithCode: boolean): BlockInput {
  const header = createBlockHeader(
    { number: 1n, gasLimit: 30_000_000n, baseFeePerGas: 7n, timestamp: 1n },
    { common, skipConsensusFormatValidation: true },
  );
  const tx = messageTx(
    common,
    { from: SENDER, to: TARGET, value: 1n, maxFeePerGas: 100n },
    { gasLimit: 100_000n, nonce: 1n, baseFee: 7n },
  );
  return { header, transactions: [tx], preState: world, allowSendersWithCode };
}

describe("JournaledState and senders with code", () => {
  it("refuses a sender with code by default (EIP-3607)", async () => {
    const execution = await executeBlockSequential(input(false));
    const [outcome] = execution.outcomes;
    expect(outcome?.kind).toBe("invalid");
    expect(outcome?.kind === "invalid" && outcome.reason).toMatch(/EIP-3607/);
    expect(execution.changes).toEqual([]);
  });

  it("lets it send when allowed, keeps its code, and shows the code to the EVM", async () => {
    const execution = await executeBlockSequential(input(true));
    const [outcome] = execution.outcomes;
    expect(outcome?.kind === "included" && outcome.error).toBeUndefined();
    const sender = execution.changes.find((change) => change.address === SENDER);
    expect(sender?.account?.nonce).toBe(2n);
    expect(sender?.account?.codeHash).toEqual(keccak256(SENDER_CODE));
    expect(sender?.account?.codeHash).not.toEqual(KECCAK256_NULL);
    expect(sender?.code).toBeUndefined();
    // EXTCODEHASH of the sender, during the transaction, is its real code hash.
    const target = execution.changes.find((change) => change.address === TARGET);
    expect(target?.storage.get(SLOT_0)).toEqual(keccak256(SENDER_CODE));
  });
});
