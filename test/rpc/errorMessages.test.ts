/**
 * The one test that pins error message texts. Tools match on geth's wording (ethers maps
 * "nonce too low" to NONCE_EXPIRED and "insufficient funds" to INSUFFICIENT_FUNDS, viem matches
 * "max fee per gas less than block base fee", "intrinsic gas too low", Foundry and Hardhat parse
 * "execution reverted: <reason>"), so a change of wording here is a change of behaviour.
 * Messages that carry numbers after geth's prefix are checked with a regular expression.
 */
import { Interface, type TransactionRequest, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type DevnetHandle } from "../../src/rpc/createDevnet.js";
import { ANVIL_DEV_KEYS } from "../support/anvil.js";
import { loadArtifact } from "../support/artifacts.js";
import { type RpcReceipt, rpcError, rpcResult } from "../support/jsonRpc.js";
import { GWEI, transfer } from "../support/transfer.js";

const RESET_HINT =
  "If you restarted the devnet, your wallet still counts the old chain's transactions: reset its activity data (MetaMask: Settings > Advanced > Clear activity tab data).";

describe("rejected transactions: geth's messages", () => {
  let handle: DevnetHandle;
  let url: string;
  const sender = new Wallet(ANVIL_DEV_KEYS[0]);
  const send = async (overrides: TransactionRequest) =>
    rpcError(url, "eth_sendRawTransaction", [await sender.signTransaction(transfer(overrides))]);

  beforeAll(async () => {
    handle = await createDevnet();
    ({ url } = await handle.listen({ port: 0 }));
    await rpcResult(url, "eth_sendRawTransaction", [await sender.signTransaction(transfer({ nonce: 0 }))]);
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("nonce too low", async () => {
    const error = await send({ nonce: 0, value: 2n });
    expect(error.message).toMatch(/^nonce too low(: expected 1, got 0)?$/);
  });

  it("nonce too high names the expected nonce and how to reset a wallet", async () => {
    const error = await send({ nonce: 7 });
    expect(error.message.startsWith("nonce too high: expected 1, got 7")).toBe(true);
    expect(error.message).toContain(RESET_HINT);
  });

  it("insufficient funds for gas * price + value", async () => {
    const error = await send({ nonce: 1, value: 10n ** 30n });
    expect(error.message).toMatch(/^insufficient funds for gas \* price \+ value(: have \d+ want \d+)?$/);
    const balance = BigInt(await rpcResult<string>(url, "eth_getBalance", [sender.address, "latest"]));
    expect(error.message).toBe(
      `insufficient funds for gas * price + value: have ${balance} want ${10n ** 30n + 21_000n * 10n * GWEI}`,
    );
  });

  it("intrinsic gas too low", async () => {
    const error = await send({ nonce: 1, gasLimit: 20_000n });
    expect(error.message).toMatch(/^intrinsic gas too low(: have 20000, want 21000)?$/);
  });

  it("max fee per gas less than block base fee", async () => {
    const error = await send({ nonce: 1, maxFeePerGas: 7n, maxPriorityFeePerGas: 1n });
    expect(error.message).toMatch(
      /^max fee per gas less than block base fee(: maxFeePerGas 7, baseFee \d+)?$/,
    );
  });

  it("invalid chain id for signer", async () => {
    const error = await send({ nonce: 1, chainId: 1 });
    expect(error.message).toMatch(/^invalid chain id for signer(: have 1 want 31337)?$/);
  });

  it("exceeds block gas limit", async () => {
    const error = await send({ nonce: 1, gasLimit: 30_000_001n });
    expect(error.message).toMatch(
      /^exceeds block gas limit(: gas limit 30000001, block gas limit 30000000)?$/,
    );
  });

  it("an unknown method: geth's 'does not exist/is not available' (ethers reads it as unsupported)", async () => {
    const error = await rpcError(url, "eth_noSuchMethod");
    expect(error.message).toBe("the method eth_noSuchMethod does not exist/is not available");
  });
});

describe("rejected transactions in the pool: anvil's messages", () => {
  let handle: DevnetHandle;
  let url: string;
  const sender = new Wallet(ANVIL_DEV_KEYS[1]);

  beforeAll(async () => {
    handle = await createDevnet({ mining: { mode: "manual" } });
    ({ url } = await handle.listen({ port: 0 }));
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("transaction already imported", async () => {
    const raw = await sender.signTransaction(transfer({ nonce: 0 }));
    await rpcResult(url, "eth_sendRawTransaction", [raw]);
    expect((await rpcError(url, "eth_sendRawTransaction", [raw])).message).toBe(
      "transaction already imported",
    );
  });

  it("replacement transaction underpriced", async () => {
    const raw = await sender.signTransaction(transfer({ nonce: 0, value: 2n }));
    expect((await rpcError(url, "eth_sendRawTransaction", [raw])).message).toBe(
      "replacement transaction underpriced",
    );
  });
});

describe("reverts: execution reverted: <reason>", () => {
  let handle: DevnetHandle;
  let url: string;
  let reverter: string;
  const reverterAbi = new Interface(loadArtifact("Reverter").abi);
  const sender = new Wallet(ANVIL_DEV_KEYS[2]);
  const call = (fn: string, args: unknown[] = []) =>
    rpcError(url, "eth_call", [
      { from: sender.address, to: reverter, data: reverterAbi.encodeFunctionData(fn, args) },
      "latest",
    ]);
  const estimate = (fn: string, args: unknown[] = []) =>
    rpcError(url, "eth_estimateGas", [
      { from: sender.address, to: reverter, data: reverterAbi.encodeFunctionData(fn, args) },
    ]);

  beforeAll(async () => {
    handle = await createDevnet();
    ({ url } = await handle.listen({ port: 0 }));
    const hash = await rpcResult<string>(url, "eth_sendRawTransaction", [
      await sender.signTransaction(
        transfer({
          nonce: 0,
          to: null,
          value: 0n,
          data: loadArtifact("Reverter").bytecode,
          gasLimit: 2_000_000n,
        }),
      ),
    ]);
    const receipt = await rpcResult<RpcReceipt>(url, "eth_getTransactionReceipt", [hash]);
    reverter = receipt.contractAddress as string;
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("a require with a reason string", async () => {
    expect((await call("revertWithReason")).message).toBe("execution reverted: Reverter: reason string");
    expect((await estimate("revertWithReason")).message).toBe("execution reverted: Reverter: reason string");
  });

  it("panics say which one, with Solidity's code", async () => {
    expect((await call("panicDivisionByZero", [0])).message).toBe(
      "execution reverted: panic: division or modulo by zero (0x12)",
    );
    expect((await call("panicAssert")).message).toBe("execution reverted: panic: assertion failed (0x01)");
    expect((await estimate("panicAssert")).message).toBe(
      "execution reverted: panic: assertion failed (0x01)",
    );
  });

  it("a custom error is named by its selector", async () => {
    const selector = reverterAbi.getError("CustomError")?.selector;
    expect((await call("revertWithCustomError")).message).toBe(
      `execution reverted: custom error ${selector}`,
    );
  });

  it("a revert without data is just 'execution reverted'", async () => {
    expect((await call("revertEmpty")).message).toBe("execution reverted");
  });

  it("a call past the head says which block exists", async () => {
    const error = await rpcError(url, "eth_call", [{ to: reverter, data: "0x" }, "0x64"]);
    expect(error.message).toMatch(/^BlockOutOfRangeError: block height is 1 but requested was 100$/);
  });
});
