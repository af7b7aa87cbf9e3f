import {
  Account,
  type Address,
  bytesToHex,
  createAddressFromString,
  hexToBytes,
  setLengthLeft,
} from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { ethereumjsPatches } from "../../../src/execution/internals/ethereumjsPatches.js";
import { evmInternals } from "../../../src/execution/internals/evmInternals.js";
import { createSharedCommon } from "../../../src/execution/SharedCommon.js";
import { createExecutionContext } from "../../../src/execution/sequentialExecutor.js";

/** Counts down from 512 to 0: PUSH2 512, then JUMPDEST, PUSH1 1, SWAP1, SUB, DUP1, PUSH1 3, JUMPI; STOP. */
const LOOP = "0x6102005b600190038060035700";

/** Frames that end each way a frame ends, and opcodes of each kind (dynamic gas, async, state). */
const FRAMES: Record<string, string> = {
  loop: LOOP,
  "return memory": "0x600160005260206000f3",
  revert: "0x60aa60005260206000fd",
  invalid: "0xfe",
  "stack underflow": "0x01",
  "jump to a non-destination": "0x600556",
  "sstore, then sload": "0x602a60005560005460005260206000f3",
  keccak256: "0x602060002060005260206000f3",
  log1: "0x60aa600052602060bb6000a100",
  "caller (flagged async, runs synchronously)": "0x3360005260206000f3",
  "address, balance (async)": "0x303160005260206000f3",
  "staticcall to the identity precompile": "0x60aa60005260206000602060006004 5afa5060206000f3".replace(
    " ",
    "",
  ),
};

async function runFrame(code: string, gasLimit = 1_000_000n) {
  const ctx = await createExecutionContext(createSharedCommon(31337n, { hardfork: "prague" }));
  // SSTORE writes to an account that exists.
  const address = createAddressFromString("0x00000000000000000000000000000000000000aa");
  await ctx.vm.stateManager.putAccount(address, new Account(0n, 10n ** 18n));
  const result = await ctx.vm.evm.runCode({ code: hexToBytes(code as `0x${string}`), gasLimit, to: address });
  return {
    error: result.exceptionError?.error,
    returnValue: result.returnValue,
    gasUsed: result.executionGasUsed,
    logs: result.logs,
  };
}

const address = (n: number) => createAddressFromString(`0x${n.toString(16).padStart(40, "0")}`);
const hex = (spaced: string) => hexToBytes(`0x${spaced.replace(/ /g, "")}`);
/** Contracts the nested frames call. */
const CALLEES: [Address, string][] = [
  [address(0xa1), "61dead 6000 52 6020 6000 fd"], // reverts with 32 bytes
  [address(0xb1), "5b 6000 56"], // loops until its gas runs out
  [address(0xc1), "61beef ff"], // self-destructs to 0xbeef
  [address(0xd1), "602a 6000 55 00"], // stores
];
const CALLER = address(0x99);
const TOP = address(0x1000);
/** Frames that call, create and fail inside other frames. */
const NESTED: Record<string, string> = {
  "a call that reverts, its return data copied":
    "6000 6000 6000 6000 6000 60a1 5a f1 50 3d 6000 6000 3e 3d 6000 f3",
  "a call that reverts, its return data copied past its end":
    "6000 6000 6000 6000 6000 60a1 5a f1 50 6021 6000 6000 3e 00",
  "a call that runs out of gas": "6000 6000 6000 6000 6000 60b1 61c350 f1 6000 55 00",
  "a call that self-destructs": "6000 6000 6000 6000 6000 60c1 5a f1 50 61beef 31 6000 55 00",
  "a static call that stores": "6000 6000 6000 6000 60d1 5a fa 6000 55 00",
  // The init code stores a STOP at 0 and returns it; CREATE2 twice with one salt collides.
  "create, then create2 twice with one salt":
    "69 600060005360016000f3 6000 52 600a 6016 6000 f0 6000 55 6042 600a 6016 6000 f5 6001 55 6042 600a 6016 6000 f5 6002 55 00",
};

async function runNested(code: string) {
  const ctx = await createExecutionContext(createSharedCommon(31337n, { hardfork: "prague" }));
  const state = ctx.vm.stateManager;
  for (const [callee, calleeCode] of CALLEES) {
    await state.putAccount(callee, new Account());
    await state.putCode(callee, hex(calleeCode));
  }
  await state.putAccount(TOP, new Account());
  await state.putCode(TOP, hex(code));
  await state.putAccount(CALLER, new Account(0n, 10n ** 18n));
  const { execResult, createdAddress } = await ctx.vm.evm.runCall({
    caller: CALLER,
    to: TOP,
    gasLimit: 1_000_000n,
  });
  const slots = [];
  for (let slot = 0; slot < 3; slot++) {
    slots.push(bytesToHex(await state.getStorage(TOP, setLengthLeft(Uint8Array.of(slot), 32))));
  }
  return {
    error: execResult.exceptionError?.error,
    returnValue: execResult.returnValue,
    gasUsed: execResult.executionGasUsed,
    refund: execResult.gasRefund,
    createdAddress,
    slots,
    beef: (await state.getAccount(address(0xbeef)))?.balance,
  };
}

/** Runs `body` with ethereumjs' own loop in place of this one. */
async function withEthereumjsLoop<T>(body: () => Promise<T>): Promise<T> {
  const { interpreter } = await evmInternals();
  const prototype = (interpreter.Interpreter as { prototype: { run: object } }).prototype;
  const ours = prototype.run;
  const theirs = (ours as Record<symbol, object>)[Symbol.for("pevm-devnet.syncSteps.wrapped")];
  if (theirs === undefined) throw new Error("the loop is not in place");
  prototype.run = theirs;
  try {
    return await body();
  } finally {
    prototype.run = ours;
  }
}

describe("syncSteps", () => {
  it("is in place", () => {
    expect(ethereumjsPatches.applied).toBe(true);
  });

  it("runs a frame's synchronous opcodes without a turn of the microtask queue each", async () => {
    let turns = 0;
    let running = true;
    const turn = () => {
      turns++;
      if (running) queueMicrotask(turn);
    };
    queueMicrotask(turn);
    const result = await runFrame(LOOP);
    running = false;
    expect(result.error).toBeUndefined();
    // 3,000 opcodes: ethereumjs' loop gives each at least one turn.
    expect(result.gasUsed).toBeGreaterThan(3_000n);
    expect(turns).toBeLessThan(100);
  });

  it.each(Object.entries(FRAMES))("gives what ethereumjs' loop gives: %s", async (_name, code) => {
    const ours = await runFrame(code);
    const theirs = await withEthereumjsLoop(() => runFrame(code));
    expect(ours).toEqual(theirs);
  });

  it.each(Object.entries(NESTED))(
    "gives what ethereumjs' loop gives, frames within frames: %s",
    async (_name, code) => {
      const ours = await runNested(code);
      const theirs = await withEthereumjsLoop(() => runNested(code));
      expect(ours).toEqual(theirs);
    },
  );

  it("gives what ethereumjs' loop gives when the gas runs out mid-frame", async () => {
    const ours = await runFrame(LOOP, 1_000n);
    const theirs = await withEthereumjsLoop(() => runFrame(LOOP, 1_000n));
    expect(ours.error).toBe("out of gas");
    expect(ours).toEqual(theirs);
  });

  it("leaves a traced frame to ethereumjs' loop, which emits every step", async () => {
    const ctx = await createExecutionContext(createSharedCommon(31337n, { hardfork: "prague" }));
    const steps: string[] = [];
    ctx.vm.evm.events?.on("step", (step: { opcode: { name: string } }, resolve?: () => void) => {
      steps.push(step.opcode.name);
      resolve?.();
    });
    await ctx.vm.evm.runCode({ code: hexToBytes("0x600160005260206000f3"), gasLimit: 100_000n });
    expect(steps).toEqual(["PUSH1", "PUSH1", "MSTORE", "PUSH1", "PUSH1", "RETURN"]);
  });
});
