/**
 * Traces of mined blocks: a block mined by the parallel engine traces exactly as the same block
 * mined sequentially (every tracer, every transaction), and log indices in callTracer frames are
 * the receipts' block-wide indices.
 */
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { Interface, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Devnet } from "../../../src/devnet/Devnet.js";
import type { CallFrameJson } from "../../../src/devnet/trace/CallTracer.js";
import type { TracerSpec } from "../../../src/devnet/trace/TracerSpec.js";
import { traceMinedBlock } from "../../../src/devnet/trace/traceMinedBlock.js";
import { decodeRawTransaction } from "../../../src/execution/decodeRawTransaction.js";
import { ANVIL_DEV_KEYS } from "../../support/anvil.js";
import { loadArtifact } from "../../support/artifacts.js";

const reverter = loadArtifact("Reverter");
const token = loadArtifact("Token");
const reverterAbi = new Interface(reverter.abi);
const tokenAbi = new Interface(token.abi);
const wallets = ANVIL_DEV_KEYS.map((key) => new Wallet(key));
const GENESIS = 1_700_000_000n;

const SPECS: TracerSpec[] = [
  {
    tracer: "structLogger",
    enableMemory: true,
    disableStack: false,
    disableStorage: false,
    enableReturnData: true,
  },
  { tracer: "callTracer", onlyTopCall: false, withLog: true },
  { tracer: "prestateTracer", diffMode: false, disableCode: false, disableStorage: false },
  { tracer: "prestateTracer", diffMode: true, disableCode: false, disableStorage: false },
  { tracer: "4byteTracer" },
  { tracer: "noopTracer" },
  { tracer: "parity", trace: true, stateDiff: true, vmTrace: true, precompileCalls: true },
];

let parallel: Devnet;
let sequential: Devnet;
const nonces = new Map<number, number>();
/** What the parallel devnet's engine reported for each block it executed. */
const engineReports: { threads: number; fellBack: string | undefined }[] = [];

/** Signs once and admits the same bytes to both devnets. */
async function submit(
  from: number,
  fields: { to?: string; data?: string; value?: bigint; gasLimit?: bigint },
) {
  const wallet = wallets[from] as Wallet;
  const nonce = nonces.get(from) ?? 0;
  nonces.set(from, nonce + 1);
  const raw = await wallet.signTransaction({
    type: 2,
    chainId: 31337n,
    nonce,
    maxFeePerGas: 10_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
    gasLimit: fields.gasLimit ?? 1_000_000n,
    value: 0n,
    ...fields,
  });
  for (const devnet of [parallel, sequential]) {
    const { tx, sender } = decodeRawTransaction(hexToBytes(raw as `0x${string}`), devnet.common);
    await devnet.sendTransaction(tx, sender);
  }
}

async function mineBoth(timestamp: bigint) {
  const [a, b] = await Promise.all([parallel.mine({ timestamp }), sequential.mine({ timestamp })]);
  expect(a.hash).toBe(b.hash);
  return a;
}

beforeAll(async () => {
  const options = { mining: { mode: "manual" as const }, genesisTimestamp: GENESIS };
  [parallel, sequential] = await Promise.all([
    Devnet.create({
      ...options,
      threads: 2,
      minParallelTransactions: 1,
      minParallelCodeShare: 0,
      learnExecutor: false,
    }),
    Devnet.create({ ...options, sequential: true }),
  ]);
  const execute = parallel.executor.execute;
  parallel.executor.execute = async (input) => {
    const result = await execute(input);
    if (result.parallel !== undefined) {
      engineReports.push({ threads: result.parallel.threads, fellBack: result.parallel.fellBack });
    }
    return result;
  };
  const tokenArgs = tokenAbi.encodeDeploy(["Token", "TOK", 1_000_000n]).slice(2);
  await submit(0, { data: reverter.bytecode, gasLimit: 2_000_000n });
  await submit(0, { data: reverter.bytecode, gasLimit: 2_000_000n });
  await submit(1, { data: `${token.bytecode}${tokenArgs}`, gasLimit: 2_000_000n });
  const deployed = await mineBoth(GENESIS + 12n);
  const [first, second, tokenAddress] = deployed.receipts.map((r) => r.contractAddress as string) as [
    string,
    string,
    string,
  ];
  const call = (fn: string, args: unknown[] = []) => reverterAbi.encodeFunctionData(fn, args);

  // One block, many senders: independent work, conflicts on `counter`, logs, reverts, CREATE2.
  await submit(0, { to: first, data: call("emitLogs", [2]), value: 3n });
  await submit(2, { to: first, data: call("emitLogs", [1]) });
  await submit(3, { to: first, data: call("nestedCatch", [second]) });
  await submit(4, { to: second, data: call("nestedRevert", [first]) });
  await submit(2, { to: first, data: call("deploy", [`0x${"22".repeat(32)}`]) });
  await submit(1, {
    to: tokenAddress,
    data: tokenAbi.encodeFunctionData("transfer", [wallets[3]?.address, 10n]),
  });
  await submit(3, { to: tokenAddress, data: tokenAbi.encodeFunctionData("mint", [wallets[4]?.address, 5n]) });
  await submit(4, { to: "0x000000000000000000000000000000000000dEaD", value: 1n, gasLimit: 21_000n });
  await submit(0, { to: second, data: call("destroy") });
  const block = await mineBoth(GENESIS + 24n);
  expect(block.receipts.length).toBe(9);
}, 60_000);

afterAll(async () => {
  await Promise.all([parallel?.close(), sequential?.close()]);
});

describe("traces of a block mined in parallel", () => {
  it("equal the traces of the same block mined sequentially, for every tracer", async () => {
    expect(engineReports).toEqual([
      { threads: 2, fellBack: undefined },
      { threads: 2, fellBack: undefined },
    ]);
    for (const number of [1n, 2n]) {
      const onParallel = parallel.chain.byNumber(number);
      const onSequential = sequential.chain.byNumber(number);
      if (onParallel === undefined || onSequential === undefined) throw new Error(`no block ${number}`);
      for (const spec of SPECS) {
        const [a, b] = await Promise.all([
          traceMinedBlock(parallel, onParallel, spec),
          traceMinedBlock(sequential, onSequential, spec),
        ]);
        expect(a.length).toBe(onParallel.receipts.length);
        expect(a, `block ${number} ${JSON.stringify(spec)}`).toEqual(b);
      }
    }
  });

  it("one transaction traced alone equals its entry in the block trace", async () => {
    const mined = parallel.chain.byNumber(2n);
    if (mined === undefined) throw new Error("no block 2");
    const spec: TracerSpec = { tracer: "callTracer", onlyTopCall: false, withLog: true };
    const whole = await traceMinedBlock(parallel, mined, spec);
    for (let index = 0; index < mined.receipts.length; index++) {
      expect(await traceMinedBlock(parallel, mined, spec, { only: index })).toEqual([whole[index]]);
    }
  });

  it("callTracer log indices are the receipts' block-wide log indices", async () => {
    const mined = sequential.chain.byNumber(2n);
    if (mined === undefined) throw new Error("no block 2");
    const traces = await traceMinedBlock(sequential, mined, {
      tracer: "callTracer",
      onlyTopCall: false,
      withLog: true,
    });
    const traced = traces.flatMap(({ result }) => logsOf(result as CallFrameJson));
    const stored = mined.receipts.flatMap((receipt) => receipt.logs);
    expect(stored.length).toBeGreaterThan(3);
    expect(traced.map((log) => Number(log.index)).sort((a, b) => a - b)).toEqual(
      stored.map((l) => l.logIndex),
    );
    for (const log of traced) {
      const receiptLog = stored[Number(log.index)];
      expect(log.topics).toEqual(receiptLog?.topics);
      expect(log.data).toBe(receiptLog?.data);
      expect(log.address).toBe(receiptLog?.address);
    }
  });

  it("the struct logger's gas and return value are the receipts'", async () => {
    const mined = sequential.chain.byNumber(2n);
    if (mined === undefined) throw new Error("no block 2");
    const traces = await traceMinedBlock(sequential, mined, {
      tracer: "structLogger",
      enableMemory: false,
      disableStack: true,
      disableStorage: true,
      enableReturnData: false,
    });
    traces.forEach(({ txHash, result }, index) => {
      const receipt = mined.receipts[index];
      const trace = result as { gas: number; failed: boolean; returnValue: string };
      expect(txHash).toBe(receipt?.transactionHash);
      expect(trace.gas).toBe(Number(receipt?.gasUsed));
      expect(trace.failed).toBe(receipt?.status === 0);
      if (receipt?.error === undefined || receipt.error === "revert") {
        expect(trace.returnValue).toBe(bytesToHex(receipt?.returnValue ?? new Uint8Array()));
      }
    });
  });
});

function logsOf(frame: CallFrameJson): NonNullable<CallFrameJson["logs"]> {
  return [...(frame.logs ?? []), ...(frame.calls ?? []).flatMap(logsOf)];
}
