import {
  bytesToHex,
  createBlockLevelAccessListFromJSON,
  createBlockLevelAccessListFromRLP,
  hexToBytes,
} from "@ethereumjs/util";
import { Interface } from "ethers";
import { afterEach, describe, expect, it } from "vitest";
import { Devnet, type ReorgTransaction } from "../../../src/devnet/Devnet.js";
import type { DevnetOptions } from "../../../src/devnet/DevnetOptions.js";
import { blockAccessListOf } from "../../../src/devnet/report/blockAccessListOf.js";
import type { BlockAccessList } from "../../../src/parallel/report/BlockAccessList.js";
import {
  blockAccessListHash,
  encodeBlockAccessList,
} from "../../../src/parallel/report/encodeBlockAccessList.js";
import { loadArtifact } from "../../support/artifacts.js";
import { signedDevTx } from "../../support/devTransactions.js";

const devnets: Devnet[] = [];
afterEach(async () => {
  await Promise.all(devnets.splice(0).map((d) => d.close()));
});

async function devnet(options: Partial<DevnetOptions> = {}): Promise<Devnet> {
  const d = await Devnet.create({ mining: { mode: "manual" }, sequential: true, ...options });
  devnets.push(d);
  return d;
}

const counter = loadArtifact("Counter");
const counterAbi = new Interface(counter.abi as never);
const COUNTER = "0x5fbdb2315678afecb367f032d93f642f64180aa3"; // account 0's first creation
/** SLOAD slot 0, SSTORE it back unchanged: a no-op write. */
const NO_OP_WRITE = `0x${"c1".repeat(20)}`;
/** SSTORE 1 into slot 1, then REVERT: a write undone. */
const UNDONE_WRITE = `0x${"c2".repeat(20)}`;
/** A precompile, called directly. */
const SHA256 = `0x${"0".repeat(39)}2`;
/** BALANCE of account 7: an account only looked at. */
const LOOKS_AT = `0x${"c3".repeat(20)}`;

function send(d: Devnet, from: number, nonce: number, to: string | undefined, data = "0x", value = 0n) {
  return signedDevTx(d, from, nonce, to, data, value) satisfies ReorgTransaction;
}

/** A deployed Counter and three probe contracts, then a block that exercises them all. */
async function exercise(d: Devnet) {
  const account7 = (d.accounts[7]?.address ?? "").slice(2);
  await d.editState([
    d.accountEdit(NO_OP_WRITE, { code: hexToBytes("0x60005460005500") }),
    d.accountEdit(UNDONE_WRITE, { code: hexToBytes("0x600160015560006000fd") }),
    d.accountEdit(LOOKS_AT, { code: hexToBytes(`0x73${account7}3100`) }),
  ]);
  for (const entry of [send(d, 0, 0, undefined, counter.bytecode)])
    await d.sendTransaction(entry.tx, entry.sender);
  await d.mine();
  const increment = counterAbi.encodeFunctionData("increment");
  const block = [
    send(d, 1, 0, COUNTER, increment),
    send(d, 2, 0, COUNTER, increment),
    send(d, 3, 0, d.accounts[5]?.address, "0x", 0n),
    send(d, 3, 1, NO_OP_WRITE),
    send(d, 4, 0, UNDONE_WRITE),
    send(d, 4, 1, LOOKS_AT),
    send(d, 6, 0, d.accounts[8]?.address, "0x", 12345n),
    send(d, 6, 1, SHA256, "0x1234"),
  ];
  for (const entry of block) await d.sendTransaction(entry.tx, entry.sender);
  return d.mine();
}

const entry = (list: BlockAccessList, address: string | undefined) =>
  list.find((account) => account.address === address?.toLowerCase());

describe("blockAccessListOf", () => {
  it("records what EIP-7928 asks of each kind of access", async () => {
    const d = await devnet();
    const mined = await exercise(d);
    const list = await blockAccessListOf(d, mined);
    const addresses = list.map((account) => account.address);
    expect(addresses).toEqual([...addresses].sort());

    const slot0 = `0x${"0".repeat(64)}`;
    const slot1 = `0x${"0".repeat(63)}1`;
    // Two increments: slot 0 changes at indices 1 and 2 (transactions 0 and 1).
    expect(entry(list, COUNTER)?.storageChanges).toEqual([
      {
        slot: slot0,
        changes: [
          { index: 1, value: 1n },
          { index: 2, value: 2n },
        ],
      },
    ]);
    // Senders: their nonce and balance after each of their transactions.
    const sender3 = entry(list, d.accounts[3]?.address);
    expect(sender3?.nonceChanges).toEqual([
      { index: 3, nonce: 1n },
      { index: 4, nonce: 2n },
    ]);
    expect(sender3?.balanceChanges.map((change) => change.index)).toEqual([3, 4]);
    // A zero-value transfer's recipient is listed without changes.
    expect(entry(list, d.accounts[5]?.address)).toMatchObject({
      balanceChanges: [],
      nonceChanges: [],
      storageChanges: [],
    });
    // A write of the value a slot held is a read; so is a write the transaction reverted.
    expect(entry(list, NO_OP_WRITE)).toMatchObject({ storageChanges: [], storageReads: [slot0] });
    expect(entry(list, UNDONE_WRITE)).toMatchObject({ storageChanges: [], storageReads: [slot1] });
    // BALANCE's target is listed without changes.
    expect(entry(list, d.accounts[7]?.address)).toMatchObject({ balanceChanges: [], nonceChanges: [] });
    // A value transfer: the recipient's new balance at its index.
    expect(entry(list, d.accounts[8]?.address)?.balanceChanges).toEqual([
      { index: 7, balance: d.options.balance + 12345n },
    ]);
    // A precompile called is listed.
    expect(entry(list, SHA256)).toMatchObject({ balanceChanges: [], storageChanges: [] });
    // The fee recipient: its balance after every transaction (each paid a tip).
    const coinbase = entry(list, d.head.block.header.coinbase.toString());
    expect(coinbase?.balanceChanges.map((change) => change.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("holds the values the block left in the state", async () => {
    const d = await devnet();
    const mined = await exercise(d);
    const list = await blockAccessListOf(d, mined);
    const after = d.stateAt(mined.number);
    for (const account of list) {
      const state = after.getAccount(account.address);
      const lastBalance = account.balanceChanges.at(-1);
      if (lastBalance !== undefined) expect(lastBalance.balance).toBe(state?.balance);
      const lastNonce = account.nonceChanges.at(-1);
      if (lastNonce !== undefined) expect(lastNonce.nonce).toBe(state?.nonce);
      for (const { slot, changes } of account.storageChanges) {
        const stored = after.getStorage(account.address, slot);
        expect(changes.at(-1)?.value).toBe(stored.length === 0 ? 0n : BigInt(bytesToHex(stored)));
      }
    }
    // The deployment block: the Counter's code and nonce, its creator's nonce.
    const deployment = await blockAccessListOf(d, d.chain.byNumber(1n) ?? mined);
    expect(entry(deployment, COUNTER)?.nonceChanges).toEqual([{ index: 1, nonce: 1n }]);
    expect(bytesToHex(entry(deployment, COUNTER)?.codeChanges[0]?.code ?? new Uint8Array())).toBe(
      bytesToHex(d.world.getCode(COUNTER)),
    );
  });

  it("encodes as ethereumjs' BlockLevelAccessList does, and the EIP's empty list", async () => {
    expect(bytesToHex(encodeBlockAccessList([]))).toBe("0xc0");
    expect(bytesToHex(blockAccessListHash([]))).toBe(
      "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
    );
    const d = await devnet();
    const mined = await exercise(d);
    for (const list of [
      await blockAccessListOf(d, mined),
      await blockAccessListOf(d, d.chain.byNumber(1n) ?? mined),
    ]) {
      const rlp = encodeBlockAccessList(list);
      const theirs = createBlockLevelAccessListFromJSON(
        list.map((account) => ({
          address: account.address as `0x${string}`,
          storageChanges: account.storageChanges.map(({ slot, changes }) => ({
            slot: slot as `0x${string}`,
            slotChanges: changes.map(({ index, value }) => ({
              blockAccessIndex: `0x${index.toString(16)}`,
              postValue: `0x${value.toString(16).padStart(64, "0")}`,
            })),
          })),
          storageReads: account.storageReads as `0x${string}`[],
          balanceChanges: account.balanceChanges.map(({ index, balance }) => ({
            blockAccessIndex: `0x${index.toString(16)}`,
            postBalance: `0x${balance.toString(16)}`,
          })),
          nonceChanges: account.nonceChanges.map(({ index, nonce }) => ({
            blockAccessIndex: `0x${index.toString(16)}`,
            postNonce: `0x${nonce.toString(16)}`,
          })),
          codeChanges: account.codeChanges.map(({ index, code }) => ({
            blockAccessIndex: `0x${index.toString(16)}`,
            newCode: bytesToHex(code),
          })),
        })) as never,
      );
      expect(bytesToHex(rlp)).toBe(bytesToHex(theirs.serialize()));
      expect(bytesToHex(blockAccessListHash(list))).toBe(bytesToHex(theirs.hash()));
      // And their decoder reads ours back to the same encoding.
      expect(bytesToHex(createBlockLevelAccessListFromRLP(rlp).serialize())).toBe(bytesToHex(rlp));
    }
  });

  it("the parallel engine's own list equals the one built by running the block in order", async () => {
    const lists: string[] = [];
    for (const sequential of [true, false]) {
      const d = await devnet({
        sequential,
        threads: 2,
        minParallelTransactions: 2,
        minParallelCodeShare: 0,
        learnExecutor: false,
      });
      // The engine's list of the block, from its final incarnations' reads and writes.
      let fromEngine: BlockAccessList | undefined;
      const execute = d.executor.execute;
      d.executor.execute = async (input) => {
        const execution = await execute(input);
        if (input.transactions.length > 1) fromEngine = execution.parallel?.accessList;
        return execution;
      };
      const mined = await exercise(d);
      expect(mined.ran?.executor).toBe(sequential ? "sequential" : "parallel");
      const inOrder = bytesToHex(encodeBlockAccessList(await blockAccessListOf(d, mined)));
      if (!sequential) {
        expect(fromEngine).toBeDefined();
        expect(bytesToHex(encodeBlockAccessList(fromEngine ?? []))).toBe(inOrder);
      }
      lists.push(inOrder);
    }
    expect(lists[1]).toBe(lists[0]);
  });
});
