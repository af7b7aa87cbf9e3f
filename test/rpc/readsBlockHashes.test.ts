import { describe, expect, it } from "vitest";
import { mayReadBlockHashes } from "../../src/rpc/readsBlockHashes.js";

describe("mayReadBlockHashes", () => {
  it("holds back the reads of blocks, receipts, logs and calls, not the head's number or sending", () => {
    for (const method of [
      "eth_getBlockByNumber",
      "eth_getBlockByHash",
      "eth_getTransactionReceipt",
      "eth_getTransactionByHash",
      "eth_getLogs",
      "eth_getFilterChanges",
      "eth_call",
      "eth_estimateGas",
      "debug_traceTransaction",
      "pevm_getBlockReport",
      "eth_subscribe",
    ])
      expect(mayReadBlockHashes(method), method).toBe(true);
    for (const method of [
      "eth_blockNumber",
      "eth_chainId",
      "eth_getBalance",
      "eth_sendRawTransaction",
      "hardhat_mine",
    ])
      expect(mayReadBlockHashes(method), method).toBe(false);
  });
});
