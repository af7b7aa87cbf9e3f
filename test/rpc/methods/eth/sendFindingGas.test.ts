/**
 * eth_sendTransaction without a gas limit, mined in one execution (sealed at the least gas its
 * run shows), against the ordinary way on a second devnet: estimate first, then send with that
 * gas. The two chains must hold the same transactions (same hashes: same gas limits) with the
 * same receipts, in blocks with the same roots; and where the one run cannot show the least gas
 * (a run that looked at its gas, SSTORE's sentry, a capped refund), the devnet falls back to the
 * ordinary way, and learns the calls that look at their gas.
 */
import { AbiCoder, getCreateAddress, Interface } from "ethers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDevnet, type DevnetHandle } from "../../../../src/rpc/createDevnet.js";
import { loadArtifact } from "../../../support/artifacts.js";

const token = loadArtifact("Token");
const counter = loadArtifact("Counter");
const reverter = loadArtifact("Reverter");
const pair = loadArtifact("Pair");
const tokenAbi = new Interface(token.abi);
const counterAbi = new Interface(counter.abi);
const reverterAbi = new Interface(reverter.abi);
const pairAbi = new Interface(pair.abi);

/** SLOAD slot 0, SSTORE it back (100 gas), STOP: at the gas it consumed, the sentry fails. */
const SENTRY = `0x${"5e".repeat(20)}`;
/** Sets slot 0, clears it: the refund is above its cap. */
const CAPPED_REFUND = `0x${"ca".repeat(20)}`;
/** Clears slot 1 (set beforehand), sets slot 2: a refund under its cap. */
const REFUND = `0x${"d0".repeat(20)}`;
/** A contract that sends as an impersonated account, to itself: its code self-destructs to BENEFICIARY. */
const SELF_DESTRUCTING_SENDER = `0x${"5d".repeat(20)}`;
const BENEFICIARY = `0x${"be".repeat(20)}`;

let fused: DevnetHandle;
let ordinary: DevnetHandle;
let from: string;
let receiver: string;

/** Executions of blocks and estimates on the fused devnet, to tell which way each send took. */
let blockRuns: ReturnType<typeof vi.fn>;
let estimates: ReturnType<typeof vi.spyOn>;

beforeAll(async () => {
  // The fused devnet records read and write sets as it mines, as the Hardhat plugin's do: its
  // blocks run on the recording executor; the fork test's devnets run on the sequential one.
  [fused, ordinary] = await Promise.all([
    createDevnet({ accounts: 3, recordAccess: true }),
    createDevnet({ accounts: 3 }),
  ]);
  const code = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
  for (const handle of [fused, ordinary]) {
    const { devnet } = handle;
    await devnet.editState([
      devnet.accountEdit(SENTRY, { code: code("60005460005500") }),
      devnet.accountEdit(CAPPED_REFUND, { code: code("60016000556000600055") }),
      devnet.accountEdit(REFUND, { code: code("600060015560016002550000") }),
      devnet.accountEdit(SELF_DESTRUCTING_SENDER, {
        code: code(`73${BENEFICIARY.slice(2)}ff`),
        balance: 10n ** 18n,
      }),
    ]);
    await handle.request({
      method: "anvil_setStorageAt",
      params: [REFUND, "0x1", `0x${"1".padStart(64, "0")}`],
    });
    await handle.request({ method: "anvil_impersonateAccount", params: [SELF_DESTRUCTING_SENDER] });
  }
  [from, receiver] = (await fused.request({ method: "eth_accounts" })) as [string, string];
  const { executor } = fused.devnet;
  const execute = executor.execute;
  blockRuns = vi.fn(execute);
  executor.execute = blockRuns as typeof execute;
  estimates = vi.spyOn(fused.devnet, "estimateGas");
});

afterAll(async () => {
  await Promise.all([fused.close(), ordinary.close()]);
});

interface Sent {
  hash: string;
  gas: string;
  receipt: Record<string, unknown>;
  block: Record<string, unknown>;
}

/**
 * Sends `request` without gas on the first devnet (the fused one unless told); estimates, then
 * sends with that gas on the second.
 */
async function sendBoth(
  request: Record<string, unknown>,
  [one, other]: [DevnetHandle, DevnetHandle] = [fused, ordinary],
): Promise<[Sent, Sent]> {
  const ours = await sendOn(one, request);
  let gas: unknown;
  try {
    gas = await other.request({ method: "eth_estimateGas", params: [{ from, ...request }] });
  } catch {
    // A failed estimate: the block's gas limit, as eth_sendTransaction takes.
    gas = `0x${other.devnet.nextBlock.gasLimit.toString(16)}`;
  }
  const theirs = await sendOn(other, { ...request, gas });
  return [ours, theirs];
}

async function sendOn(handle: DevnetHandle, request: Record<string, unknown>): Promise<Sent> {
  const hash = (await handle.request({
    method: "eth_sendTransaction",
    params: [{ from, ...request }],
  })) as string;
  const tx = (await handle.request({ method: "eth_getTransactionByHash", params: [hash] })) as {
    gas: string;
  };
  const receipt = (await handle.request({ method: "eth_getTransactionReceipt", params: [hash] })) as Record<
    string,
    unknown
  >;
  const block = (await handle.request({
    method: "eth_getBlockByNumber",
    params: [receipt.blockNumber, false],
  })) as Record<string, unknown>;
  return { hash, gas: tx.gas, receipt, block };
}

/** What must be the same on both chains (not the block hashes: their timestamps differ). */
function sameChain([ours, theirs]: [Sent, Sent]): void {
  expect(ours.gas).toBe(theirs.gas);
  expect(ours.hash).toBe(theirs.hash);
  const { blockHash: _a, ...ourReceipt } = ours.receipt;
  const { blockHash: _b, ...theirReceipt } = theirs.receipt;
  const withoutBlockHash = (logs: unknown) =>
    (logs as { blockHash: string }[]).map(({ blockHash: _, ...log }) => log);
  expect({ ...ourReceipt, logs: withoutBlockHash(ourReceipt.logs) }).toEqual({
    ...theirReceipt,
    logs: withoutBlockHash(theirReceipt.logs),
  });
  for (const field of [
    "stateRoot",
    "receiptsRoot",
    "transactionsRoot",
    "logsBloom",
    "gasUsed",
    "baseFeePerGas",
  ]) {
    expect([field, ours.block[field]]).toEqual([field, theirs.block[field]]);
  }
}

/** The block executions and estimates `send` made on the fused devnet. */
async function counted(send: () => Promise<void>): Promise<{ blocks: number; estimates: number }> {
  const [blocks, estimated] = [blockRuns.mock.calls.length, estimates.mock.calls.length];
  await send();
  return { blocks: blockRuns.mock.calls.length - blocks, estimates: estimates.mock.calls.length - estimated };
}

describe("eth_sendTransaction without gas, in one execution", () => {
  let tokenAddress: string;
  let counterAddress: string;
  let reverterAddress: string;
  let pairAddress: string;
  let otherToken: string;
  const tokenArgs = (name: string) =>
    AbiCoder.defaultAbiCoder().encode(["string", "string", "uint256"], [name, name, 10n ** 24n]);

  it("deploys in one execution too, where the constructor never looks at its gas", async () => {
    const deploy = async (bytecode: string, args = "0x") => {
      const nonce = Number(
        await fused.request({ method: "eth_getTransactionCount", params: [from, "latest"] }),
      );
      sameChain(await sendBoth({ data: bytecode + args.slice(2) }));
      return getCreateAddress({ from, nonce });
    };
    const calls = await counted(async () => {
      tokenAddress = await deploy(token.bytecode, tokenArgs("A"));
      counterAddress = await deploy(counter.bytecode);
      reverterAddress = await deploy(reverter.bytecode);
      otherToken = await deploy(token.bytecode, tokenArgs("B"));
      pairAddress = await deploy(
        pair.bytecode,
        AbiCoder.defaultAbiCoder().encode(["address", "address"], [tokenAddress, otherToken]),
      );
    });
    expect(calls).toEqual({ blocks: 5, estimates: 0 });
  });

  it("mines a deployment whose constructor reverts at the block's gas limit, as a failed estimate leaves it", async () => {
    const calls = await counted(async () => {
      // PUSH1 0, PUSH1 0, REVERT.
      const [ours, theirs] = await sendBoth({ data: "0x60006000fd" });
      sameChain([ours, theirs]);
      expect(ours.receipt.status).toBe("0x0");
      expect(BigInt(ours.gas)).toBe(fused.devnet.nextBlock.gasLimit);
    });
    expect(calls).toEqual({ blocks: 1, estimates: 0 });
  });

  it("falls back for init code that looks at its gas, and estimates the same deployment first next time", async () => {
    // GAS, POP, RETURN of no runtime code: a constructor that reads its gas.
    const initCode = "0x5a5060006000f3";
    const first = await counted(async () => {
      sameChain(await sendBoth({ data: initCode }));
    });
    expect(first).toEqual({ blocks: 2, estimates: 1 });
    const again = await counted(async () => {
      sameChain(await sendBoth({ data: initCode }));
    });
    expect(again).toEqual({ blocks: 1, estimates: 1 });
  });

  it("mines calls that never look at their gas once, with the gas an estimate gives", async () => {
    const calls = await counted(async () => {
      sameChain(await sendBoth({ to: counterAddress, data: counterAbi.encodeFunctionData("increment") }));
      sameChain(await sendBoth({ to: counterAddress, data: counterAbi.encodeFunctionData("increment") }));
      const mint = tokenAbi.encodeFunctionData("mint", [from, 10n ** 24n]);
      sameChain(await sendBoth({ to: tokenAddress, data: mint }));
      sameChain(
        await sendBoth({ to: tokenAddress, data: tokenAbi.encodeFunctionData("transfer", [receiver, 5n]) }),
      );
      sameChain(
        await sendBoth({ to: tokenAddress, data: tokenAbi.encodeFunctionData("transfer", [receiver, 7n]) }),
      );
      // Value to a payable function that logs.
      const emitLogs = reverterAbi.encodeFunctionData("emitLogs", [3]);
      sameChain(await sendBoth({ to: reverterAddress, data: emitLogs, value: "0x64" }));
      // A plain transfer to an account without code.
      sameChain(await sendBoth({ to: receiver, value: "0x1" }));
    });
    expect(calls).toEqual({ blocks: 7, estimates: 0 });
  });

  it("seals legacy, access-list and refunding calls at their least gas too", async () => {
    const increment = counterAbi.encodeFunctionData("increment");
    const accessList = [{ address: counterAddress, storageKeys: [`0x${"0".repeat(64)}`] }];
    const calls = await counted(async () => {
      sameChain(await sendBoth({ to: counterAddress, data: increment, gasPrice: "0xb2d05e00" }));
      sameChain(await sendBoth({ to: counterAddress, data: increment, gasPrice: "0xb2d05e00", accessList }));
      sameChain(await sendBoth({ to: counterAddress, data: increment, accessList }));
      // Clears a slot: sealed at the gas used plus the refund.
      const [ours, theirs] = await sendBoth({ to: REFUND });
      sameChain([ours, theirs]);
      expect(BigInt(ours.gas)).toBeGreaterThan(BigInt(ours.receipt.gasUsed as string));
    });
    expect(calls).toEqual({ blocks: 4, estimates: 0 });
  });

  it("pools the transaction while its block is sealed, for subscribers to pending transactions", async () => {
    let pooled: unknown;
    fused.devnet.once("pendingTransaction", (hash: string) => {
      pooled = fused.devnet.pool.get(hash)?.hash;
    });
    const { hash } = await sendOn(fused, {
      to: counterAddress,
      data: counterAbi.encodeFunctionData("increment"),
    });
    expect(pooled).toBe(hash);
    expect(fused.devnet.pool.size).toBe(0);
    // Keep the two chains alike for the tests after this one.
    await sendOn(ordinary, { to: counterAddress, data: counterAbi.encodeFunctionData("increment") });
  });

  it("mines a reverting call at the block's gas limit, as a failed estimate leaves it", async () => {
    const calls = await counted(async () => {
      const [ours, theirs] = await sendBoth({
        to: reverterAddress,
        data: reverterAbi.encodeFunctionData("revertWithReason"),
      });
      sameChain([ours, theirs]);
      expect(ours.receipt.status).toBe("0x0");
      expect(BigInt(ours.gas)).toBe(fused.devnet.nextBlock.gasLimit);
    });
    expect(calls).toEqual({ blocks: 1, estimates: 0 });
  });

  it("falls back where the one run cannot show the least gas: the sentry, a capped refund", async () => {
    const calls = await counted(async () => {
      sameChain(await sendBoth({ to: SENTRY }));
      sameChain(await sendBoth({ to: CAPPED_REFUND }));
    });
    // Each: the run at the block's gas limit, then the estimate and the block.
    expect(calls).toEqual({ blocks: 4, estimates: 2 });
  });

  it("falls back for a call that looks at its gas, and estimates its function's next calls first", async () => {
    const approve = tokenAbi.encodeFunctionData("approve", [pairAddress, 2n ** 255n]);
    sameChain(await sendBoth({ to: tokenAddress, data: approve }));
    sameChain(await sendBoth({ to: otherToken, data: approve }));
    const addLiquidity = pairAbi.encodeFunctionData("addLiquidity", [1_000n, 1_000n]);
    const first = await counted(async () => {
      sameChain(await sendBoth({ to: pairAddress, data: addLiquidity }));
    });
    expect(first).toEqual({ blocks: 2, estimates: 1 });
    const second = await counted(async () => {
      sameChain(await sendBoth({ to: pairAddress, data: addLiquidity }));
    });
    expect(second).toEqual({ blocks: 1, estimates: 1 });
    // SELFBALANCE reads the balance the gas limit was charged to: looked at, too.
    const selfBalance = await counted(async () => {
      sameChain(await sendBoth({ to: reverterAddress, data: reverterAbi.encodeFunctionData("selfBalance") }));
    });
    expect(selfBalance).toEqual({ blocks: 2, estimates: 1 });
    // A sender with code that self-destructs sends the balance its gas limit was charged to.
    const selfDestruct = await counted(async () => {
      const [ours, theirs] = await sendBoth({ from: SELF_DESTRUCTING_SENDER, to: SELF_DESTRUCTING_SENDER });
      sameChain([ours, theirs]);
      const beneficiary = async (handle: DevnetHandle) =>
        handle.request({ method: "eth_getBalance", params: [BENEFICIARY, "latest"] });
      expect(await beneficiary(fused)).toBe(await beneficiary(ordinary));
    });
    expect(selfDestruct).toEqual({ blocks: 2, estimates: 1 });
  });

  it("leaves a transaction's own gas cap (EIP-7825, Osaka) to the estimate", async () => {
    const osaka = await createDevnet({ accounts: 2, hardfork: "osaka" });
    try {
      const [sender, to] = (await osaka.request({ method: "eth_accounts" })) as [string, string];
      const hash = await osaka.request({
        method: "eth_sendTransaction",
        params: [{ from: sender, to, value: "0x1" }],
      });
      const tx = (await osaka.request({ method: "eth_getTransactionByHash", params: [hash] })) as {
        gas: string;
      };
      expect(BigInt(tx.gas)).toBe(21_000n);
    } finally {
      await osaka.close();
    }
  });

  it("on a fork too: the block loads from the remote what the run reads", async () => {
    const remote = await ordinary.listen({ port: 0 });
    const [forkA, forkB] = await Promise.all([
      createDevnet({ accounts: 3, fork: { url: remote.url } }),
      createDevnet({ accounts: 3, fork: { url: remote.url } }),
    ]);
    try {
      const estimated = vi.spyOn(forkA.devnet, "estimateGas");
      for (const amount of [3n, 4n]) {
        const transfer = tokenAbi.encodeFunctionData("transfer", [receiver, amount]);
        sameChain(await sendBoth({ to: tokenAddress, data: transfer }, [forkA, forkB]));
      }
      sameChain(
        await sendBoth({ to: counterAddress, data: counterAbi.encodeFunctionData("increment") }, [
          forkA,
          forkB,
        ]),
      );
      expect(estimated).not.toHaveBeenCalled();
    } finally {
      await Promise.all([forkA.close(), forkB.close()]);
    }
  });
});
