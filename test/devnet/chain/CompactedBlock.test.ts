/**
 * Built blocks well behind the head are held compacted (their RLP): every method that reads them
 * answers exactly as it did while they were decoded, impersonated senders included.
 */
import { bytesToHex } from "@ethereumjs/util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECODED_BLOCKS } from "../../../src/devnet/chain/ChainStore.js";
import { CompactedBlock } from "../../../src/devnet/chain/CompactedBlock.js";
import { createDevnet, type DevnetHandle } from "../../../src/rpc/createDevnet.js";
import { ANVIL_DEV_ADDRESSES } from "../../support/anvil.js";

const [alice, bob] = ANVIL_DEV_ADDRESSES.map((a) => a.toLowerCase()) as [string, string];
const whale = `0x${"7a".repeat(20)}`;

let handle: DevnetHandle;
const request = (method: string, ...params: unknown[]) => handle.request({ method, params });

beforeAll(async () => {
  handle = await createDevnet({ sequential: true });
});

afterAll(async () => {
  await handle?.close();
});

describe("CompactedBlock", () => {
  it("answers blocks, transactions and receipts behind the head as it did while they were decoded", async () => {
    await request("hardhat_impersonateAccount", whale);
    await request("hardhat_setBalance", whale, "0xde0b6b3a7640000");
    const sent = [
      await request("eth_sendTransaction", { from: alice, to: bob, value: "0x1" }),
      await request("eth_sendTransaction", { from: whale, to: alice, value: "0x2" }),
    ];
    const reads = async () => ({
      block: await request("eth_getBlockByNumber", "0x2", true),
      byHash: await request(
        "eth_getBlockByHash",
        ((await request("eth_getBlockByNumber", "0x2", false)) as { hash: string }).hash,
        true,
      ),
      transactions: await Promise.all(sent.map((hash) => request("eth_getTransactionByHash", hash))),
      receipts: await Promise.all(sent.map((hash) => request("eth_getTransactionReceipt", hash))),
      logs: await request("eth_getLogs", { fromBlock: "0x0", toBlock: "latest" }),
    });
    const fresh = await reads();
    expect(handle.devnet.chain.byNumber(2n)).not.toBeInstanceOf(CompactedBlock);
    await request("hardhat_mine", `0x${(DECODED_BLOCKS + 5).toString(16)}`, "0x0");
    for (let i = 0; i < DECODED_BLOCKS + 5; i++) await request("evm_mine");
    // Compaction runs once the request that mined is answered.
    await new Promise((resolve) => setImmediate(resolve));
    const mined = handle.devnet.chain.byNumber(2n);
    expect(mined).toBeInstanceOf(CompactedBlock);
    expect(bytesToHex((mined as CompactedBlock).block.hash())).toBe(mined?.hash);
    expect(await reads()).toEqual(fresh);
    expect((fresh.transactions[1] as { from: string }).from).toBe(whale);
  });
});
