/**
 * hardhat_mine and anvil_mine of many blocks, over HTTP: the blocks are reserved rather than
 * built, and every method that reads blocks sees them as mined: numbers, timestamps, hashes
 * (keccak of the RLP header) linked by parentHash, base fees, state, logs, fee history,
 * BLOCKHASH, snapshots and dumps. Runs of 100,000 blocks, reserved as a million would be, keep
 * the walk of their hashes short; a million blocks answer before theirs are walked.
 */
import { RLP } from "@ethereumjs/rlp";
import { bigIntToUnpaddedBytes, bytesToHex, hexToBytes } from "@ethereumjs/util";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { Interface, JsonRpcProvider } from "ethers";
import { createPublicClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_ADDRESSES } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { waitForReceipt } from "../../../support/jsonRpc.js";
import { type DevTestServer, Rpc, startDevServer } from "./devServer.js";

const MANY = 100_000n;
const counter = loadArtifact("Counter");
const counterAbi = new Interface(counter.abi);
const from = ANVIL_DEV_ADDRESSES[0].toLowerCase();
/** PUSH1 0 CALLDATALOAD BLOCKHASH PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: BLOCKHASH(argument). */
const BLOCKHASH_CODE = "0x6000354060005260206000f3";
const blockhashReader = `0x${"b1".repeat(20)}`;

interface Block {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
  baseFeePerGas: string;
  stateRoot: string;
  gasUsed: string;
  gasLimit: string;
  transactions: string[];
}

/** The header fields in RLP order, those a hardfork adds last; a block's hash is their keccak. */
const HEADER_FIELDS = [
  "parentHash",
  "sha3Uncles",
  "miner",
  "stateRoot",
  "transactionsRoot",
  "receiptsRoot",
  "logsBloom",
  "difficulty",
  "number",
  "gasLimit",
  "gasUsed",
  "timestamp",
  "extraData",
  "mixHash",
  "nonce",
  "baseFeePerGas",
  "withdrawalsRoot",
  "blobGasUsed",
  "excessBlobGas",
  "parentBeaconBlockRoot",
  "requestsHash",
];
const QUANTITIES = new Set([
  "difficulty",
  "number",
  "gasLimit",
  "gasUsed",
  "timestamp",
  "baseFeePerGas",
  "blobGasUsed",
  "excessBlobGas",
]);

/** keccak of the RLP header, from the block's JSON alone. */
function headerHash(block: Record<string, unknown>): string {
  const fields = HEADER_FIELDS.filter((name) => block[name] !== undefined).map((name) => {
    const value = block[name] as `0x${string}`;
    if (!QUANTITIES.has(name)) return hexToBytes(value);
    return bigIntToUnpaddedBytes(BigInt(value));
  });
  return bytesToHex(keccak_256(RLP.encode(fields)));
}

let server: DevTestServer;
let rpc: Rpc;
let counterAddress: string;

const hex = (value: bigint) => `0x${value.toString(16)}`;
const height = async () => BigInt(await rpc.call<string>("eth_blockNumber"));
const block = (number: bigint | string) =>
  rpc.call<Block | null>("eth_getBlockByNumber", typeof number === "string" ? number : hex(number), false);
async function existing(number: bigint | string): Promise<Block> {
  const found = await block(number);
  if (found === null) throw new Error(`no block ${number}`);
  return found;
}

async function increment(): Promise<{ blockNumber: string; blockHash: string }> {
  const hash = await rpc.call<string>("eth_sendTransaction", {
    from,
    to: counterAddress,
    data: counterAbi.encodeFunctionData("increment"),
  });
  return waitForReceipt(server.url, hash);
}

beforeAll(async () => {
  server = await startDevServer();
  rpc = new Rpc(server.url);
  const deployment = await rpc.call<string>("eth_sendTransaction", { from, data: counter.bytecode });
  counterAddress = (await waitForReceipt(server.url, deployment)).contractAddress as string;
  await rpc.call("anvil_setCode", blockhashReader, BLOCKHASH_CODE);
});

afterAll(async () => {
  await server?.close();
});

describe("hardhat_mine of 100,000 blocks", () => {
  let start: bigint;
  let beforeLog: { blockNumber: string };

  beforeAll(async () => {
    beforeLog = await increment();
    start = await height();
    expect(await rpc.call("hardhat_mine", hex(MANY))).toBe(true);
  });

  it("moves the head 100,000 blocks on", async () => {
    expect(await height()).toBe(start + MANY);
    expect(BigInt((await existing("latest")).number)).toBe(start + MANY);
  });

  it("serves a block in the middle: its number, its timestamp one second on, linked to its parent", async () => {
    const middle = start + MANY / 2n;
    const [previous, current, next] = await Promise.all([
      existing(middle - 1n),
      existing(middle),
      existing(middle + 1n),
    ]);
    expect(BigInt(current.number)).toBe(middle);
    expect(BigInt(current.timestamp)).toBe(BigInt(previous.timestamp) + 1n);
    expect(current.parentHash).toBe(previous.hash);
    expect(next.parentHash).toBe(current.hash);
    expect(current.transactions).toEqual([]);
    expect(current.gasUsed).toBe("0x0");
    // Empty blocks lower the base fee until it settles at 7 wei.
    expect(current.baseFeePerGas).toBe("0x7");
    expect(current.stateRoot).toBe((await existing(start)).stateRoot);
    // By hash too, the same block.
    expect(await rpc.call("eth_getBlockByHash", current.hash, false)).toEqual(current);
  });

  it("hashes each reserved block as keccak of its RLP header, linked to its parent", async () => {
    const numbers = [
      start,
      start + 1n,
      start + 2n,
      start + 1023n,
      start + 1024n,
      start + 1025n,
      start + MANY,
    ];
    for (const number of numbers) {
      const current = await existing(number);
      expect(headerHash(current as unknown as Record<string, unknown>), `block ${number}`).toBe(current.hash);
      expect(current.parentHash).toBe((await existing(number - 1n)).hash);
      expect(await rpc.call("eth_getBlockByHash", current.hash, false)).toEqual(current);
    }
  });

  it("reads the same reserved blocks through viem and ethers, by number and by hash", async () => {
    const viem = createPublicClient({ transport: http(server.url) });
    const ethers = new JsonRpcProvider(server.url, undefined, { staticNetwork: true });
    try {
      const number = start + MANY / 3n;
      const [json, byViem, byEthers] = await Promise.all([
        existing(number),
        viem.getBlock({ blockNumber: number }),
        ethers.getBlock(number),
      ]);
      expect(byViem.hash).toBe(json.hash);
      expect(byEthers?.hash).toBe(json.hash);
      expect((await viem.getBlock({ blockHash: json.hash as `0x${string}` })).number).toBe(number);
      expect((await ethers.getBlock(json.hash))?.parentHash).toBe(json.parentHash);
    } finally {
      ethers.destroy();
    }
  });

  it("links the whole run: the first mined block, the reserved ones, and the head", async () => {
    const chain = await Promise.all([0n, 1n, 2n, 3n].map((k) => existing(start + k)));
    for (let k = 1; k < chain.length; k++) expect(chain[k]?.parentHash).toBe(chain[k - 1]?.hash);
    const [beforeHead, head] = await Promise.all([existing(start + MANY - 1n), existing("latest")]);
    expect(head.parentHash).toBe(beforeHead.hash);
    expect(BigInt(head.timestamp)).toBe(BigInt(beforeHead.timestamp) + 1n);
    expect(BigInt(head.timestamp) - BigInt(chain[1]?.timestamp ?? "0")).toBe(MANY - 1n);
  });

  it("answers the state of a reserved block as it was when the run was mined", async () => {
    const slot = `0x${"0".repeat(64)}`;
    const middle = hex(start + MANY / 2n);
    const before = await rpc.call<string>("eth_getStorageAt", counterAddress, slot, middle);
    const balance = await rpc.call<string>("eth_getBalance", from, middle);
    await increment();
    expect(await rpc.call("eth_getStorageAt", counterAddress, slot, middle)).toBe(before);
    expect(await rpc.call("eth_getBalance", from, middle)).toBe(balance);
    expect(BigInt(await rpc.call<string>("eth_getStorageAt", counterAddress, slot, "latest"))).toBe(
      BigInt(before) + 1n,
    );
  });

  it("mines a transaction on top, and BLOCKHASH gives the reserved blocks' hashes", async () => {
    const head = await existing("latest");
    const receipt = await increment();
    expect(BigInt(receipt.blockNumber)).toBe(BigInt(head.number) + 1n);
    expect((await existing(receipt.blockNumber)).parentHash).toBe(head.hash);
    const newHead = BigInt(receipt.blockNumber);
    for (const number of [newHead - 1n, newHead - 2n, newHead - 256n]) {
      const word = `0x${number.toString(16).padStart(64, "0")}`;
      const seen = await rpc.call<string>("eth_call", { to: blockhashReader, data: word }, "latest");
      expect(seen).toBe((await existing(number)).hash);
    }
  });

  it("eth_getLogs over the whole range finds the logs of the built blocks", async () => {
    const logs = await rpc.call<{ blockNumber: string; blockHash: string }[]>("eth_getLogs", {
      address: counterAddress,
      fromBlock: hex(start - 1n),
      toBlock: "latest",
    });
    expect(logs[0]?.blockNumber).toBe(beforeLog.blockNumber);
    expect(logs.length).toBeGreaterThanOrEqual(3);
    for (const log of logs.slice(1)) expect(BigInt(log.blockNumber)).toBeGreaterThan(start + MANY);
    const inside = await rpc.call<unknown[]>("eth_getLogs", {
      fromBlock: hex(start + 1n),
      toBlock: hex(start + MANY),
    });
    expect(inside).toEqual([]);
  });

  it("eth_feeHistory reads reserved blocks: falling base fees, then settled ones", async () => {
    const early = await rpc.call<{ baseFeePerGas: string[]; gasUsedRatio: number[]; oldestBlock: string }>(
      "eth_feeHistory",
      "0x4",
      hex(start + 5n),
      [50],
    );
    expect(early.oldestBlock).toBe(hex(start + 2n));
    expect(early.gasUsedRatio).toEqual([0, 0, 0, 0]);
    const fees = early.baseFeePerGas.map(BigInt);
    for (let i = 1; i < fees.length; i++)
      expect(fees[i]).toBe((fees[i - 1] as bigint) - (fees[i - 1] as bigint) / 8n);
    const middle = await rpc.call<{ baseFeePerGas: string[]; reward: string[][] }>(
      "eth_feeHistory",
      "0x3",
      hex(start + MANY / 2n),
      [50],
    );
    expect(middle.baseFeePerGas).toEqual(["0x7", "0x7", "0x7", "0x7"]);
    expect(middle.reward).toEqual([["0x0"], ["0x0"], ["0x0"]]);
  });
});

describe("reserved blocks and snapshots", () => {
  it("evm_revert to before a reservation drops it; to after one keeps it, hashes and all", async () => {
    const id = await rpc.call<string>("evm_snapshot");
    const before = await height();
    await rpc.call("anvil_mine", hex(MANY), "0xc");
    const reserved = await existing(before + 1000n);
    const after = await rpc.call<string>("evm_snapshot");
    await rpc.call("anvil_mine", "0x5");
    expect(await rpc.call("evm_revert", after)).toBe(true);
    expect(await height()).toBe(before + MANY);
    expect(await existing(before + 1000n)).toEqual(reserved);
    expect(await rpc.call("evm_revert", id)).toBe(true);
    expect(await height()).toBe(before);
    expect(await block(before + 1000n)).toBeNull();
    expect(await rpc.call("eth_getBlockByHash", reserved.hash, false)).toBeNull();
    // Mining goes on from the head as before.
    await rpc.call("anvil_mine", "0x2");
    expect((await existing(before + 1n)).parentHash).toBe((await existing(before)).hash);
  });
});

describe("reserved blocks in a dump", () => {
  it("anvil_dumpState and anvil_loadState keep them, with their hashes", async () => {
    await rpc.call("hardhat_mine", hex(MANY));
    const head = await height();
    const middle = await existing(head - MANY / 2n);
    const dump = await rpc.call<string>("anvil_dumpState");
    const other = await startDevServer();
    try {
      const otherRpc = new Rpc(other.url);
      expect(await otherRpc.call("anvil_loadState", dump)).toBe(true);
      expect(BigInt(await otherRpc.call<string>("eth_blockNumber"))).toBe(head);
      expect(await otherRpc.call("eth_getBlockByNumber", middle.number, false)).toEqual(middle);
      expect(await otherRpc.call("eth_getBlockByHash", middle.hash, false)).toEqual(middle);
      expect(await otherRpc.call("eth_getBlockByNumber", "latest", false)).toEqual(await existing("latest"));
    } finally {
      await other.close();
    }
  });
});

describe("what hardhat_mine mines first", () => {
  it("mines what the pool holds before reserving, and leaves a transaction waiting on a nonce gap", async () => {
    await rpc.call("evm_setAutomine", false);
    const { gasLimit } = await existing("latest");
    try {
      // Two transfers a block: five of them fill three blocks.
      await rpc.call("evm_setBlockGasLimit", hex(50_000n));
      const nonce = BigInt(await rpc.call<string>("eth_getTransactionCount", from, "latest"));
      const hashes: string[] = [];
      for (let i = 0n; i < 5n; i++) {
        hashes.push(
          await rpc.call<string>("eth_sendTransaction", {
            from,
            to: from,
            value: "0x1",
            gas: hex(21_000n),
            nonce: hex(nonce + i),
          }),
        );
      }
      await rpc.call("eth_sendTransaction", {
        from,
        to: from,
        value: "0x1",
        gas: hex(21_000n),
        nonce: hex(nonce + 9n),
      });
      const start = await height();
      await rpc.call("hardhat_mine", hex(MANY));
      expect(await height()).toBe(start + MANY);
      const mined = await Promise.all(hashes.map((hash) => waitForReceipt(server.url, hash)));
      expect(mined.map((receipt) => BigInt(receipt.blockNumber) - start)).toEqual([1n, 1n, 2n, 2n, 3n]);
      expect(await rpc.call("txpool_status")).toEqual({ pending: "0x0", queued: "0x1" });
    } finally {
      await rpc.call("evm_setBlockGasLimit", gasLimit);
      await rpc.call("anvil_dropAllTransactions");
      await rpc.call("evm_setAutomine", true);
    }
  });

  it("refuses a count the chain cannot hold with -32602", async () => {
    expect((await rpc.error("hardhat_mine", "0xffffffffffffffff")).code).toBe(-32602);
  });
});

describe("hardhat_mine of a million blocks", () => {
  it("answers other requests while a read of the head waits for the hashes' walk", async () => {
    const own = await startDevServer();
    try {
      const client = new Rpc(own.url);
      expect(await client.call("hardhat_mine", hex(1_000_000n))).toBe(true);
      let headAnsweredAt = 0;
      const head = client.call<Block>("eth_getBlockByNumber", "latest", false).then((found) => {
        headAnsweredAt = performance.now();
        return found;
      });
      // The walk takes seconds; eth_blockNumber does not wait for it, nor for the read of the head.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(BigInt(await client.call<string>("eth_blockNumber"))).toBe(1_000_000n);
      const numberAnsweredAt = performance.now();
      const found = await head;
      expect(headAnsweredAt).toBeGreaterThan(0);
      expect(numberAnsweredAt).toBeLessThan(headAnsweredAt);
      expect(found.hash).toBe(headerHash(found as unknown as Record<string, unknown>));
    } finally {
      await own.close();
    }
  }, 60_000);
});
