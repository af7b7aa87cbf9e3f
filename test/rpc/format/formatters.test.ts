import { createTx, type TypedTransaction, type TypedTxData } from "@ethereumjs/tx";
import { bytesToHex, eoaCode7702SignAuthorization, hexToBytes } from "@ethereumjs/util";
import { Bloom } from "@ethereumjs/vm";
import { Interface, Signature, Transaction } from "ethers";
import { formatBlock as viemFormatBlock, formatTransactionReceipt as viemFormatReceipt } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MinedBlock } from "../../../src/devnet/chain/types.js";
import { Devnet } from "../../../src/devnet/Devnet.js";
import { formatBlock } from "../../../src/rpc/format/formatBlock.js";
import { formatLog } from "../../../src/rpc/format/formatLog.js";
import { formatReceipt, type RpcReceipt } from "../../../src/rpc/format/formatReceipt.js";
import {
  formatMinedTransaction,
  formatPendingTransaction,
  formatTransaction,
  type RpcTransaction,
} from "../../../src/rpc/format/formatTransaction.js";
import { loadArtifact } from "../../support/artifacts.js";

const QUANTITY = /^0x(0|[1-9a-f][0-9a-f]*)$/;
const HASH = /^0x[0-9a-f]{64}$/;
const ADDRESS = /^0x[0-9a-f]{40}$/;
const DATA = /^0x([0-9a-f]{2})*$/;
const BLOOM = /^0x[0-9a-f]{512}$/;
const GWEI = 1_000_000_000n;

const token = loadArtifact("Token");
const tokenInterface = new Interface(token.abi);

let devnet: Devnet;
let sender: string;
let recipient: `0x${string}`;
/** Block number of each kind of transaction (each is automined alone). */
const blocks = { eip1559: 0n, legacy: 0n, eip2930: 0n, deploy: 0n, transfer: 0n, eip7702: 0n };
let tokenAddress: string;

async function send(data: TypedTxData): Promise<MinedBlock> {
  const account = devnet.accounts[0];
  if (account === undefined) throw new Error("no dev account");
  const nonce = devnet.pendingNonce(account.address);
  const tx = createTx({ gasLimit: 1_000_000n, ...data, nonce }, { common: devnet.common }).sign(
    hexToBytes(account.privateKey as `0x${string}`),
  ) as TypedTransaction;
  await devnet.sendTransaction(tx, account.address);
  return devnet.head;
}

beforeAll(async () => {
  devnet = await Devnet.create();
  sender = devnet.accounts[0]?.address ?? "";
  recipient = (devnet.accounts[1]?.address ?? "0x") as `0x${string}`;
  const fees = { maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: 2n * GWEI };
  blocks.eip1559 = (await send({ type: 2, to: recipient, value: 1000n, ...fees })).number;
  blocks.legacy = (await send({ type: 0, to: recipient, value: 1n, gasPrice: 5n * GWEI })).number;
  blocks.eip2930 = (
    await send({
      type: 1,
      to: recipient,
      value: 2n,
      gasPrice: 5n * GWEI,
      accessList: [{ address: recipient, storageKeys: [`0x${"00".repeat(31)}01`] }],
    })
  ).number;
  const deploy = await send({
    type: 2,
    data: `${token.bytecode}${tokenInterface.encodeDeploy(["Token", "TKN", 1000n]).slice(2)}` as `0x${string}`,
    ...fees,
  });
  blocks.deploy = deploy.number;
  tokenAddress = deploy.receipts[0]?.contractAddress ?? "";
  blocks.transfer = (
    await send({
      type: 2,
      to: tokenAddress as `0x${string}`,
      data: tokenInterface.encodeFunctionData("transfer", [recipient, 10n]) as `0x${string}`,
      ...fees,
    })
  ).number;
  // Account 2 delegates its code to the token.
  const delegator = devnet.accounts[2];
  if (delegator === undefined) throw new Error("no third dev account");
  const authorization = eoaCode7702SignAuthorization(
    { chainId: "0x7a69", address: tokenAddress as `0x${string}`, nonce: "0x0" },
    hexToBytes(delegator.privateKey as `0x${string}`),
  );
  blocks.eip7702 = (
    await send({ type: 4, to: recipient, authorizationList: [authorization], ...fees })
  ).number;
});

afterAll(() => devnet.close());

function mined(number: bigint): MinedBlock {
  const block = devnet.chain.byNumber(number);
  if (block === undefined) throw new Error(`no block ${number}`);
  return block;
}

function minedTx(number: bigint): RpcTransaction {
  const tx = formatMinedTransaction(mined(number), 0);
  if (tx === undefined) throw new Error(`no transaction in block ${number}`);
  return tx;
}

function receipt(number: bigint): RpcReceipt {
  const formatted = formatReceipt(mined(number), 0);
  if (formatted === undefined) throw new Error(`no receipt in block ${number}`);
  return formatted;
}

/** Rebuilds the signed transaction with ethers from the JSON; its hash must be ours. */
function ethersHash(json: RpcTransaction): string {
  return Transaction.from({
    type: Number(json.type),
    to: json.to,
    nonce: Number(json.nonce),
    gasLimit: json.gas,
    data: json.input,
    value: json.value,
    chainId: json.chainId ?? null,
    ...(json.type === "0x0" || json.type === "0x1" ? { gasPrice: json.gasPrice } : {}),
    ...(json.maxFeePerGas === undefined
      ? {}
      : { maxFeePerGas: json.maxFeePerGas, maxPriorityFeePerGas: json.maxPriorityFeePerGas ?? null }),
    ...(json.accessList === undefined ? {} : { accessList: json.accessList }),
    ...(json.authorizationList === undefined
      ? {}
      : {
          authorizationList: json.authorizationList.map((item) => ({
            address: item.address,
            nonce: BigInt(item.nonce),
            chainId: BigInt(item.chainId),
            signature: Signature.from({
              r: toWord(item.r),
              s: toWord(item.s),
              yParity: Number(item.yParity) as 0 | 1,
            }),
          })),
        }),
    signature: { r: toWord(json.r), s: toWord(json.s), v: Number(json.v) },
  }).hash as string;
}

function toWord(quantity: string): string {
  return `0x${BigInt(quantity).toString(16).padStart(64, "0")}`;
}

describe("formatBlock", () => {
  it("serves every header field anvil serves, in hex", () => {
    const block = formatBlock(mined(blocks.transfer), false);
    expect(Object.keys(block)).toEqual([
      "hash",
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
      "totalDifficulty",
      "size",
      "uncles",
      "transactions",
      "withdrawals",
    ]);
    for (const key of [
      "hash",
      "parentHash",
      "sha3Uncles",
      "stateRoot",
      "transactionsRoot",
      "receiptsRoot",
    ] as const) {
      expect(block[key]).toMatch(HASH);
    }
    for (const key of [
      "difficulty",
      "number",
      "gasLimit",
      "gasUsed",
      "timestamp",
      "size",
      "baseFeePerGas",
    ] as const) {
      expect(block[key]).toMatch(QUANTITY);
    }
    expect(block.miner).toMatch(ADDRESS);
    expect(block.logsBloom).toMatch(BLOOM);
    expect(block.extraData).toMatch(DATA);
    expect(block.nonce).toBe("0x0000000000000000");
    expect(block.totalDifficulty).toBe("0x0");
    expect(block.uncles).toEqual([]);
    expect(block.withdrawals).toEqual([]);
    expect(block.number).toBe(`0x${blocks.transfer.toString(16)}`);
    expect(block.parentHash).toBe(mined(blocks.transfer - 1n).hash);
    expect(block.transactions).toEqual([minedTx(blocks.transfer).hash]);
  });

  it("gives the size of the RLP-encoded block", () => {
    for (const number of [0n, blocks.deploy]) {
      const block = mined(number);
      expect(BigInt(formatBlock(block, false).size)).toBe(BigInt(block.block.serialize().length));
    }
  });

  it("embeds full transactions on request", () => {
    const block = formatBlock(mined(blocks.eip1559), true);
    expect(block.transactions).toEqual([minedTx(blocks.eip1559)]);
  });

  it("formats the genesis block", () => {
    const genesis = formatBlock(mined(0n), true);
    expect(genesis.number).toBe("0x0");
    expect(genesis.transactions).toEqual([]);
    expect(genesis.parentHash).toBe(`0x${"00".repeat(32)}`);
    expect(genesis.baseFeePerGas).toBe("0x3b9aca00");
  });

  it("is read by viem's block formatter", () => {
    const block = viemFormatBlock(formatBlock(mined(blocks.transfer), true) as never);
    expect(block.number).toBe(blocks.transfer);
    expect(typeof block.baseFeePerGas).toBe("bigint");
    expect(block.transactions).toHaveLength(1);
  });
});

describe("formatTransaction", () => {
  it("formats an EIP-1559 transaction with its effective gas price once mined", () => {
    const block = mined(blocks.eip1559);
    const tx = minedTx(blocks.eip1559);
    const baseFee = block.block.header.baseFeePerGas ?? 0n;
    expect(tx).toMatchObject({
      type: "0x2",
      chainId: "0x7a69",
      from: sender,
      to: recipient,
      value: "0x3e8",
      input: "0x",
      maxFeePerGas: `0x${(10n * GWEI).toString(16)}`,
      maxPriorityFeePerGas: `0x${(2n * GWEI).toString(16)}`,
      gasPrice: `0x${(baseFee + 2n * GWEI).toString(16)}`,
      accessList: [],
      blockHash: block.hash,
      blockNumber: `0x${block.number.toString(16)}`,
      transactionIndex: "0x0",
      blockTimestamp: `0x${block.block.header.timestamp.toString(16)}`,
    });
    expect(tx.yParity).toMatch(/^0x[01]$/);
    expect(tx.v).toBe(tx.yParity);
    expect(tx.r).toMatch(QUANTITY);
    expect(tx.s).toMatch(QUANTITY);
    expect(tx.hash).toBe(mined(blocks.eip1559).receipts[0]?.transactionHash);
    expect(ethersHash(tx)).toBe(tx.hash);
  });

  it("formats a legacy EIP-155 transaction: chain id from v, no typed fields", () => {
    const tx = minedTx(blocks.legacy);
    expect(tx.type).toBe("0x0");
    expect(tx.chainId).toBe("0x7a69");
    expect(tx.gasPrice).toBe(`0x${(5n * GWEI).toString(16)}`);
    expect([31337n * 2n + 35n, 31337n * 2n + 36n]).toContain(BigInt(tx.v));
    for (const key of ["yParity", "accessList", "maxFeePerGas", "maxPriorityFeePerGas"]) {
      expect(tx).not.toHaveProperty(key);
    }
    expect(ethersHash(tx)).toBe(tx.hash);
  });

  it("formats an EIP-2930 transaction with its access list", () => {
    const tx = minedTx(blocks.eip2930);
    expect(tx.type).toBe("0x1");
    expect(tx.gasPrice).toBe(`0x${(5n * GWEI).toString(16)}`);
    expect(tx.accessList).toEqual([{ address: recipient, storageKeys: [`0x${"00".repeat(31)}01`] }]);
    expect(tx).not.toHaveProperty("maxFeePerGas");
    expect(tx.v).toBe(tx.yParity);
    expect(ethersHash(tx)).toBe(tx.hash);
  });

  it("formats an EIP-7702 transaction with its authorization list", () => {
    const tx = minedTx(blocks.eip7702);
    expect(tx.type).toBe("0x4");
    expect(tx.authorizationList).toHaveLength(1);
    const [item] = tx.authorizationList ?? [];
    expect(item).toMatchObject({ chainId: "0x7a69", address: tokenAddress, nonce: "0x0" });
    expect(item?.yParity).toMatch(/^0x[01]$/);
    expect(item?.r).toMatch(QUANTITY);
    expect(item?.s).toMatch(QUANTITY);
    expect(ethersHash(tx)).toBe(tx.hash);
  });

  it("formats a contract creation with to null", () => {
    const tx = minedTx(blocks.deploy);
    expect(tx.to).toBeNull();
    expect(tx.input.startsWith(token.bytecode.toLowerCase())).toBe(true);
    expect(ethersHash(tx)).toBe(tx.hash);
  });

  it("leaves block fields null for a pending transaction and quotes the fee cap as gasPrice", () => {
    const block = mined(blocks.eip1559);
    const tx = block.block.transactions[0] as TypedTransaction;
    const pending = formatTransaction(tx, {
      sender,
      blockHash: null,
      blockNumber: null,
      index: null,
      baseFee: undefined,
      blockTimestamp: null,
    });
    expect(pending).toMatchObject({
      blockHash: null,
      blockNumber: null,
      transactionIndex: null,
      gasPrice: `0x${(10n * GWEI).toString(16)}`,
    });
    expect(pending).not.toHaveProperty("blockTimestamp");
    expect(
      formatPendingTransaction({ tx, hash: bytesToHex(tx.hash()), sender, nonce: tx.nonce, arrival: 0 }),
    ).toEqual(pending);
  });
});

describe("formatReceipt and formatLog", () => {
  it("formats a receipt with anvil's fields; blockTimestamp is a JSON number", () => {
    const block = mined(blocks.eip1559);
    const formatted = receipt(blocks.eip1559);
    expect(Object.keys(formatted).sort()).toEqual(
      [
        "type",
        "status",
        "cumulativeGasUsed",
        "logs",
        "logsBloom",
        "transactionHash",
        "transactionIndex",
        "blockHash",
        "blockNumber",
        "gasUsed",
        "effectiveGasPrice",
        "from",
        "to",
        "contractAddress",
        "blockTimestamp",
      ].sort(),
    );
    expect(formatted).toMatchObject({
      type: "0x2",
      status: "0x1",
      cumulativeGasUsed: "0x5208",
      gasUsed: "0x5208",
      logs: [],
      from: sender,
      to: recipient,
      contractAddress: null,
      blockHash: block.hash,
      transactionIndex: "0x0",
      effectiveGasPrice: minedTx(blocks.eip1559).gasPrice,
      blockTimestamp: Number(block.block.header.timestamp),
    });
    expect(formatted.logsBloom).toMatch(BLOOM);
  });

  it("gives the created contract's address", () => {
    const formatted = receipt(blocks.deploy);
    expect(formatted.to).toBeNull();
    expect(formatted.contractAddress).toBe(tokenAddress);
    expect(formatted.contractAddress).toMatch(ADDRESS);
    expect(formatted.logs).toHaveLength(1); // the mint's Transfer
  });

  it("formats logs with their block and transaction", () => {
    const block = mined(blocks.transfer);
    const formatted = receipt(blocks.transfer);
    expect(formatted.logs).toHaveLength(1);
    const log = formatted.logs[0];
    const transfer = tokenInterface.getEvent("Transfer")?.topicHash;
    expect(log).toEqual({
      address: tokenAddress,
      topics: [
        transfer,
        `0x${sender.slice(2).padStart(64, "0")}`,
        `0x${recipient.slice(2).padStart(64, "0")}`,
      ],
      data: `0x${10n.toString(16).padStart(64, "0")}`,
      blockHash: block.hash,
      blockNumber: `0x${block.number.toString(16)}`,
      blockTimestamp: `0x${block.block.header.timestamp.toString(16)}`,
      transactionHash: formatted.transactionHash,
      transactionIndex: "0x0",
      logIndex: "0x0",
      removed: false,
    });
    const stored = block.receipts[0];
    if (stored === undefined || stored.logs[0] === undefined) throw new Error("no stored log");
    expect(formatLog(stored.logs[0], block, stored)).toEqual(log);
  });

  it("serves the logs bloom of the receipt's logs (checked with the JS keccak)", () => {
    for (const number of [blocks.deploy, blocks.transfer]) {
      const formatted = receipt(number);
      const bloom = new Bloom();
      for (const log of formatted.logs) {
        bloom.add(hexToBytes(log.address as `0x${string}`));
        for (const topic of log.topics) bloom.add(hexToBytes(topic as `0x${string}`));
      }
      expect(formatted.logsBloom).toBe(bytesToHex(bloom.bitvector));
      expect(formatBlock(mined(number), false).logsBloom).toBe(bytesToHex(bloom.bitvector));
    }
  });

  it("is read by viem's receipt formatter", () => {
    const formatted = viemFormatReceipt(receipt(blocks.transfer) as never);
    expect(formatted.status).toBe("success");
    expect(formatted.type).toBe("eip1559");
    expect(formatted.logs[0]?.logIndex).toBe(0);
  });
});
