/**
 * The devnet as real clients see it, over real HTTP and WebSocket: ethers 6, viem 2 and the
 * `cast` binary each deploy, transact, read and query logs; reverts reach ethers and viem as
 * their own error types; batches and malformed bodies go through raw fetch.
 */
import {
  AbiCoder,
  ContractFactory,
  Contract as EthersContract,
  isError,
  JsonRpcProvider,
  keccak256,
  Network,
  parseEther,
  Transaction,
  Wallet,
  WebSocketProvider,
  ZeroAddress,
} from "ethers";
import {
  type Abi,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  parseAbiItem,
  webSocket,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type DevnetHandle } from "../../src/rpc/createDevnet.js";
import { ANVIL_DEV_ADDRESSES, ANVIL_DEV_KEYS } from "../support/anvil.js";
import { loadArtifact } from "../support/artifacts.js";
import { cast } from "../support/cast.js";
import { type JsonRpcEnvelope, type RpcReceipt, rpcResult } from "../support/jsonRpc.js";

const CHAIN_ID = 31337;
const tokenArtifact = loadArtifact("Token");
const reverterArtifact = loadArtifact("Reverter");
const tokenAbi = tokenArtifact.abi as unknown as Abi;
const reverterAbi = reverterArtifact.abi as unknown as Abi;
const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");

let handle: DevnetHandle;
let url: string;
let wsUrl: string;

beforeAll(async () => {
  handle = await createDevnet();
  ({ url, wsUrl } = await handle.listen({ port: 0 }));
});

afterAll(async () => {
  await handle?.close();
});

describe("ethers 6", () => {
  let provider: JsonRpcProvider;
  let wallet: Wallet;
  let token: EthersContract;
  let reverter: EthersContract;
  const [holder, other] = [ANVIL_DEV_ADDRESSES[1], ANVIL_DEV_ADDRESSES[2]];

  beforeAll(() => {
    provider = new JsonRpcProvider(url, undefined, {
      staticNetwork: Network.from(CHAIN_ID),
      cacheTimeout: -1,
      pollingInterval: 20,
    });
    wallet = new Wallet(ANVIL_DEV_KEYS[0], provider);
  });

  afterAll(() => {
    provider?.destroy();
  });

  it("deploys Token and Reverter with ContractFactory", async () => {
    const factory = new ContractFactory(tokenArtifact.abi, tokenArtifact.bytecode, wallet);
    const deployed = await factory.deploy("Token", "TKN", 1_000_000n);
    await deployed.waitForDeployment();
    token = deployed as unknown as EthersContract;
    expect(await provider.getCode(await token.getAddress())).toBe(tokenArtifact.deployedBytecode);
    expect(await token.getFunction("symbol")()).toBe("TKN");
    expect(await token.getFunction("balanceOf")(wallet.address)).toBe(1_000_000n);

    const reverterFactory = new ContractFactory(reverterArtifact.abi, reverterArtifact.bytecode, wallet);
    const deployedReverter = await reverterFactory.deploy();
    await deployedReverter.waitForDeployment();
    reverter = deployedReverter as unknown as EthersContract;
  });

  it("ERC-20 transfers: receipts with parsed Transfer logs, balances", async () => {
    for (const [to, amount] of [
      [holder, 100n],
      [other, 250n],
      [holder, 1n],
    ] as const) {
      const tx = await token.getFunction("transfer")(to, amount);
      const receipt = await tx.wait();
      expect(receipt?.status).toBe(1);
      const parsed = token.interface.parseLog(receipt.logs[0]);
      expect(parsed?.name).toBe("Transfer");
      expect(parsed?.args.toArray()).toEqual([wallet.address, to, amount]);
    }
    expect(await token.getFunction("balanceOf")(holder)).toBe(101n);
    expect(await token.getFunction("balanceOf")(wallet.address)).toBe(1_000_000n - 351n);
  });

  it("plain ETH sends", async () => {
    const before = await provider.getBalance(other);
    const tx = await wallet.sendTransaction({ to: other, value: parseEther("1.5") });
    const receipt = await tx.wait();
    expect(receipt?.status).toBe(1);
    expect(receipt?.gasUsed).toBe(21_000n);
    expect(await provider.getBalance(other)).toBe(before + parseEther("1.5"));
    const mined = await provider.getTransaction(tx.hash);
    expect(mined?.blockNumber).toBe(receipt?.blockNumber);
    expect(mined?.type).toBe(2);
  });

  it("Transfer events through getLogs and queryFilter", async () => {
    const address = await token.getAddress();
    const topic = token.interface.getEvent("Transfer")?.topicHash as string;
    const logs = await provider.getLogs({ address, topics: [topic], fromBlock: 0, toBlock: "latest" });
    // The mint in the constructor plus three transfers.
    expect(logs).toHaveLength(4);
    const toHolder = await token.queryFilter(token.getEvent("Transfer")(null, holder), 0, "latest");
    expect(toHolder.map((e) => ("args" in e ? e.args.toArray()[2] : undefined))).toEqual([100n, 1n]);
    const fromMint = await token.queryFilter(token.getEvent("Transfer")(ZeroAddress));
    expect(fromMint).toHaveLength(1);
  });

  it("a token's custom error and a revert with a reason: CALL_EXCEPTION, decoded", async () => {
    const error = await token
      .getFunction("transferFrom")
      .staticCall(holder, other, 1n)
      .catch((e: unknown) => e);
    // Token's own errors are custom errors: InsufficientAllowance(0, 1).
    expect(isError(error, "CALL_EXCEPTION")).toBe(true);
    if (!isError(error, "CALL_EXCEPTION")) return;
    expect(error.revert?.name).toBe("InsufficientAllowance");
    expect(error.revert?.args).toEqual([0n, 1n]);

    const reasonError = await reverter
      .getFunction("revertWithReason")
      .staticCall()
      .catch((e: unknown) => e);
    expect(isError(reasonError, "CALL_EXCEPTION")).toBe(true);
    if (!isError(reasonError, "CALL_EXCEPTION")) return;
    expect(reasonError.reason).toBe("Reverter: reason string");
    expect(reasonError.revert?.name).toBe("Error");
    expect(reasonError.revert?.args).toEqual(["Reverter: reason string"]);
  });

  it("a custom error and a panic: CALL_EXCEPTION with the decoded revert", async () => {
    const custom = await reverter
      .getFunction("revertWithCustomError")
      .staticCall()
      .catch((e: unknown) => e);
    expect(isError(custom, "CALL_EXCEPTION")).toBe(true);
    if (!isError(custom, "CALL_EXCEPTION")) return;
    expect(custom.revert?.name).toBe("CustomError");
    expect(custom.revert?.args).toEqual([42n, "custom"]);

    const panic = await reverter
      .getFunction("panicDivisionByZero")
      .staticCall(0)
      .catch((e: unknown) => e);
    expect(isError(panic, "CALL_EXCEPTION")).toBe(true);
    if (!isError(panic, "CALL_EXCEPTION")) return;
    expect(panic.revert?.name).toBe("Panic");
    expect(panic.revert?.args).toEqual([0x12]);
  });

  it("sending a reverting transaction fails at estimation with the reason", async () => {
    const nonce = await provider.getTransactionCount(wallet.address, "pending");
    // nestedRevert is not a view: ethers sends it, and the estimate reverts with the inner reason.
    const error = await reverter
      .getFunction("nestedRevert")(await reverter.getAddress())
      .catch((e: unknown) => e);
    expect(isError(error, "CALL_EXCEPTION")).toBe(true);
    if (!isError(error, "CALL_EXCEPTION")) return;
    expect(error.action).toBe("estimateGas");
    expect(error.reason).toBe("Reverter: reason string");
    expect(await provider.getTransactionCount(wallet.address, "pending")).toBe(nonce);
  });

  it("a reverting transaction sent with explicit gas is mined with status 0", async () => {
    // `send` forces a transaction even for a pure function (ethers would otherwise eth_call it).
    const tx = await reverter.getFunction("revertWithReason").send({ gasLimit: 100_000n });
    const error = await tx.wait().catch((e: unknown) => e);
    expect(isError(error, "CALL_EXCEPTION")).toBe(true);
    if (!isError(error, "CALL_EXCEPTION")) return;
    expect(error.receipt?.status).toBe(0);
  });

  it("WebSocketProvider: reads and a send", async () => {
    const wsProvider = new WebSocketProvider(wsUrl, Network.from(CHAIN_ID), { cacheTimeout: -1 });
    try {
      expect(await wsProvider.getBlockNumber()).toBe(await provider.getBlockNumber());
      const sender = new Wallet(ANVIL_DEV_KEYS[3], wsProvider);
      const before = await wsProvider.getBalance(other);
      const tx = await sender.sendTransaction({ to: other, value: 12_345n });
      const receipt = await tx.wait();
      expect(receipt?.status).toBe(1);
      expect(await wsProvider.getBalance(other)).toBe(before + 12_345n);
      // The HTTP side sees the same chain.
      expect((await provider.getTransactionReceipt(tx.hash))?.blockHash).toBe(receipt?.blockHash);
    } finally {
      await wsProvider.destroy();
    }
  });

  it("WebSocketProvider: a contract read without a signer (eth_call without from)", async () => {
    const wsProvider = new WebSocketProvider(wsUrl, Network.from(CHAIN_ID), { cacheTimeout: -1 });
    try {
      const tokenOverWs = new EthersContract(await token.getAddress(), tokenArtifact.abi, wsProvider);
      expect(await tokenOverWs.getFunction("balanceOf")(holder)).toBe(101n);
    } finally {
      await wsProvider.destroy();
    }
  });
});

describe("viem 2", () => {
  const account = privateKeyToAccount(ANVIL_DEV_KEYS[1]);
  const recipient = ANVIL_DEV_ADDRESSES[4];
  const chain = () =>
    defineChain({
      id: CHAIN_ID,
      name: "pevm-devnet",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [url], webSocket: [wsUrl] } },
    });
  let token: Hex;
  let reverter: Hex;

  const httpClients = () => ({
    publicClient: createPublicClient({ chain: chain(), transport: http(url), pollingInterval: 20 }),
    walletClient: createWalletClient({ account, chain: chain(), transport: http(url) }),
  });

  it("deploys with deployContract and waits with waitForTransactionReceipt", async () => {
    const { publicClient, walletClient } = httpClients();
    const hash = await walletClient.deployContract({
      abi: tokenAbi,
      bytecode: tokenArtifact.bytecode,
      args: ["Viem", "VIE", 5_000n],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    token = receipt.contractAddress as Hex;
    expect(await publicClient.getCode({ address: token })).toBe(tokenArtifact.deployedBytecode);

    const reverterHash = await walletClient.deployContract({
      abi: reverterAbi,
      bytecode: reverterArtifact.bytecode,
    });
    reverter = (await publicClient.waitForTransactionReceipt({ hash: reverterHash })).contractAddress as Hex;
  });

  it("simulateContract, writeContract, getLogs, getContractEvents", async () => {
    const { publicClient, walletClient } = httpClients();
    const { request } = await publicClient.simulateContract({
      account,
      address: token,
      abi: tokenAbi,
      functionName: "transfer",
      args: [recipient, 42n],
    });
    const hash = await walletClient.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    expect(receipt.logs).toHaveLength(1);

    const logs = await publicClient.getLogs({ address: token, event: transferEvent, fromBlock: 0n });
    expect(logs.map((log) => log.args)).toEqual([
      { from: "0x0000000000000000000000000000000000000000", to: account.address, value: 5_000n },
      { from: account.address, to: recipient, value: 42n },
    ]);
    const toRecipient = await publicClient.getContractEvents({
      address: token,
      abi: tokenAbi,
      eventName: "Transfer",
      args: { to: recipient },
      fromBlock: 0n,
    });
    expect(toRecipient).toHaveLength(1);
    expect(toRecipient[0]?.transactionHash).toBe(hash);
  });

  it("readContract (an eth_call without from, as viem sends it)", async () => {
    const { publicClient } = httpClients();
    expect(
      await publicClient.readContract({
        address: token,
        abi: tokenAbi,
        functionName: "balanceOf",
        args: [recipient],
      }),
    ).toBe(42n);
    expect(await publicClient.readContract({ address: token, abi: tokenAbi, functionName: "symbol" })).toBe(
      "VIE",
    );
  });

  it("sendTransaction of ETH and getBalance", async () => {
    const { publicClient, walletClient } = httpClients();
    const before = await publicClient.getBalance({ address: recipient });
    const hash = await walletClient.sendTransaction({ to: recipient, value: 10n ** 15n });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.gasUsed).toBe(21_000n);
    expect(await publicClient.getBalance({ address: recipient })).toBe(before + 10n ** 15n);
  });

  it("a custom error: ContractFunctionRevertedError with data.errorName and args", async () => {
    const { publicClient } = httpClients();
    const error = await publicClient
      .simulateContract({
        account,
        address: reverter,
        abi: reverterAbi,
        functionName: "revertWithCustomError",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BaseError);
    const reverted = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
    expect(reverted).toBeInstanceOf(ContractFunctionRevertedError);
    const { data } = reverted as ContractFunctionRevertedError;
    expect(data?.errorName).toBe("CustomError");
    expect(data?.args).toEqual([42n, "custom"]);
  });

  it("readContract of a revert with a reason: ContractFunctionRevertedError with the reason", async () => {
    const { publicClient } = httpClients();
    const error = await publicClient
      .readContract({ address: reverter, abi: reverterAbi, functionName: "revertWithReason" })
      .catch((e: unknown) => e);
    const reverted = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
    expect(reverted).toBeInstanceOf(ContractFunctionRevertedError);
    expect((reverted as ContractFunctionRevertedError).reason).toBe("Reverter: reason string");
    expect((reverted as ContractFunctionRevertedError).data?.errorName).toBe("Error");
  });

  it("a write whose estimate reverts: the token's custom error, decoded", async () => {
    const { walletClient } = httpClients();
    const writeError = await walletClient
      .writeContract({
        address: token,
        abi: tokenAbi,
        functionName: "transfer",
        args: [recipient, 10n ** 30n],
      })
      .catch((e: unknown) => e);
    const insufficient = (writeError as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
    expect((insufficient as ContractFunctionRevertedError).data?.errorName).toBe("InsufficientBalance");
  });

  it("over the webSocket transport: reads, a write, and the receipt", async () => {
    const transport = webSocket(wsUrl, { retryCount: 0 });
    const publicClient = createPublicClient({ chain: chain(), transport, pollingInterval: 20 });
    const walletClient = createWalletClient({ account, chain: chain(), transport });
    try {
      expect(await publicClient.getChainId()).toBe(CHAIN_ID);
      expect(await publicClient.getBlockNumber()).toBeGreaterThan(0n);
      const hash = await walletClient.writeContract({
        address: token,
        abi: tokenAbi,
        functionName: "transfer",
        args: [recipient, 8n],
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      expect(receipt.status).toBe("success");
      const logs = await publicClient.getLogs({
        address: token,
        event: transferEvent,
        fromBlock: receipt.blockNumber,
      });
      expect(logs).toHaveLength(1);
      expect(logs[0]?.args).toEqual({ from: account.address, to: recipient, value: 8n });
      // Last: readContract sends eth_call without from.
      expect(
        await publicClient.readContract({
          address: token,
          abi: tokenAbi,
          functionName: "balanceOf",
          args: [recipient],
        }),
      ).toBe(50n);
    } finally {
      const rpcClient = await publicClient.transport.getRpcClient();
      rpcClient.close();
    }
  });
});

describe("cast", () => {
  const key = ANVIL_DEV_KEYS[2];
  const recipient = "0x00000000000000000000000000000000c0ffee00";
  let token: string;

  beforeAll(async () => {
    // A Token owned by dev account 2, for `cast call`.
    const sender = new Wallet(key);
    const nonce = Number(
      await rpcResult<string>(url, "eth_getTransactionCount", [sender.address, "pending"]),
    );
    const deployData = new ContractFactory(tokenArtifact.abi, tokenArtifact.bytecode).interface.encodeDeploy([
      "Cast",
      "CST",
      777n,
    ]);
    const raw = await sender.signTransaction({
      type: 2,
      chainId: CHAIN_ID,
      nonce,
      data: `${tokenArtifact.bytecode}${deployData.slice(2)}`,
      gasLimit: 2_000_000n,
      maxFeePerGas: 20_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    });
    const hash = await rpcResult<string>(url, "eth_sendRawTransaction", [raw]);
    token = (await rpcResult<RpcReceipt>(url, "eth_getTransactionReceipt", [hash])).contractAddress as string;
  });

  it("cast chain-id", async () => {
    const res = await cast(["chain-id", "--rpc-url", url]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toBe(String(CHAIN_ID));
  });

  it("cast send an ETH transfer, then cast receipt and cast balance", async () => {
    const sent = await cast([
      "send",
      "--rpc-url",
      url,
      "--private-key",
      key,
      recipient,
      "--value",
      "0.25ether",
      "--json",
    ]);
    expect(sent.stderr).toBe("");
    expect(sent.code).toBe(0);
    const receipt = JSON.parse(sent.stdout) as { status: string; transactionHash: string; gasUsed: string };
    expect(receipt.status).toBe("0x1");
    expect(BigInt(receipt.gasUsed)).toBe(21_000n);

    const fetched = await cast(["receipt", receipt.transactionHash, "--rpc-url", url, "--json"]);
    expect(fetched.code).toBe(0);
    expect(JSON.parse(fetched.stdout)).toMatchObject({
      status: "0x1",
      transactionHash: receipt.transactionHash,
    });

    const balance = await cast(["balance", recipient, "--rpc-url", url]);
    expect(balance.code).toBe(0);
    expect(balance.stdout.trim()).toBe(String(250_000_000_000_000_000n));
  });

  it("cast send a contract call", async () => {
    const sent = await cast([
      "send",
      "--rpc-url",
      url,
      "--private-key",
      key,
      token,
      "transfer(address,uint256)",
      recipient,
      "77",
      "--json",
    ]);
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ status: "0x1" });
    expect(await rpcResult(url, "eth_getStorageAt", [token, storageSlotOf(recipient), "latest"])).toBe(
      `0x${(77).toString(16).padStart(64, "0")}`,
    );
  });

  it("cast call a view (eth_call without from)", async () => {
    const called = await cast(["call", "--rpc-url", url, token, "balanceOf(address)(uint256)", recipient]);
    expect(called.code).toBe(0);
    expect(called.stdout.trim()).toBe("77");
    const symbol = await cast(["call", "--rpc-url", url, token, "symbol()(string)"]);
    expect(symbol.stdout.trim()).toBe('"CST"');
  });

  it("cast call of a reverting function shows the reason and exits non-zero", async () => {
    const res = await cast([
      "call",
      "--rpc-url",
      url,
      token,
      "transferFrom(address,address,uint256)",
      recipient,
      recipient,
      "1",
    ]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain("execution reverted");
  });

  it("cast block latest", async () => {
    const head = await rpcResult<string>(url, "eth_blockNumber");
    const res = await cast(["block", "latest", "--rpc-url", url, "--json"]);
    expect(res.code).toBe(0);
    const block = JSON.parse(res.stdout) as { number: string; hash: string; baseFeePerGas: string };
    expect(BigInt(block.number)).toBe(BigInt(head));
    const same = await rpcResult<{ hash: string }>(url, "eth_getBlockByNumber", [head, false]);
    expect(block.hash).toBe(same.hash);
    expect(block.baseFeePerGas).toMatch(/^0x[0-9a-f]+$/);
  });
});

/** The storage slot of Token's `balanceOf[holder]` (the mapping is at slot 3). */
function storageSlotOf(holder: string): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [holder, 3n]));
}

describe("raw JSON-RPC: batches and malformed bodies", () => {
  const post = async (body: string) => {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    return { status: res.status, body: (await res.json()) as JsonRpcEnvelope | JsonRpcEnvelope[] };
  };

  it("a batch is answered in order, one response per request with an id", async () => {
    const { status, body } = await post(
      JSON.stringify([
        { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] },
        { jsonrpc: "2.0", id: "two", method: "eth_blockNumber", params: [] },
        { jsonrpc: "2.0", method: "eth_chainId", params: [] }, // a notification: no answer
        { jsonrpc: "2.0", id: 3, method: "eth_noSuchMethod", params: [] },
        { jsonrpc: "2.0", id: 4, method: "eth_getBalance", params: ["0x12", "latest"] },
      ]),
    );
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    const responses = body as JsonRpcEnvelope[];
    expect(responses.map((r) => r.id)).toEqual([1, "two", 3, 4]);
    expect(responses[0]?.result).toBe("0x7a69");
    expect(responses[1]?.result).toMatch(/^0x[0-9a-f]+$/);
    expect(responses[2]?.error?.code).toBe(-32601);
    expect(responses[3]?.error?.code).toBe(-32602);
  });

  it("a batch runs in order: a transaction and its receipt in one batch", async () => {
    const sender = new Wallet(ANVIL_DEV_KEYS[4]);
    const raw = await sender.signTransaction({
      type: 2,
      chainId: CHAIN_ID,
      nonce: 0,
      to: ANVIL_DEV_ADDRESSES[0],
      value: 1n,
      gasLimit: 21_000n,
      maxFeePerGas: 20_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    });
    const hash = Transaction.from(raw).hash;
    const { body } = await post(
      JSON.stringify([
        { jsonrpc: "2.0", id: 1, method: "eth_sendRawTransaction", params: [raw] },
        { jsonrpc: "2.0", id: 2, method: "eth_getTransactionReceipt", params: [hash] },
      ]),
    );
    const [sent, receipt] = body as JsonRpcEnvelope[];
    expect(sent?.result).toBe(hash);
    expect((receipt?.result as RpcReceipt | undefined)?.status).toBe("0x1");
  });

  it("an empty batch and a batch of non-objects are invalid requests", async () => {
    const empty = await post("[]");
    expect((empty.body as JsonRpcEnvelope).error?.code).toBe(-32600);
    const junk = await post('[1, "x"]');
    expect((junk.body as JsonRpcEnvelope[]).map((r) => r.error?.code)).toEqual([-32600, -32600]);
  });

  it("a body that is not JSON: -32700 with id null, HTTP 200", async () => {
    const { status, body } = await post('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(status).toBe(200);
    expect((body as JsonRpcEnvelope).id).toBeNull();
    expect((body as JsonRpcEnvelope).error?.code).toBe(-32700);
  });

  it("a request object without a method or with a wrong version: -32600", async () => {
    const noMethod = await post(JSON.stringify({ jsonrpc: "2.0", id: 9 }));
    expect((noMethod.body as JsonRpcEnvelope).error?.code).toBe(-32600);
    expect((noMethod.body as JsonRpcEnvelope).id).toBe(9);
    const oldVersion = await post(JSON.stringify({ jsonrpc: "1.0", id: 10, method: "eth_chainId" }));
    expect((oldVersion.body as JsonRpcEnvelope).error?.code).toBe(-32600);
    // The devnet still answers afterwards.
    expect(await rpcResult(url, "eth_chainId")).toBe("0x7a69");
  });
});
