/**
 * Differential test against the real anvil: one scripted sequence of signed transactions (the
 * same raw bytes, so the same hashes) is sent to anvil and to the devnet, one block per
 * transaction on both, and everything deterministic is compared: receipts, logs, blocks' gas and
 * roots, balances, nonces, storage, code, fee history, gas estimates and error codes.
 *
 * Not compared: block hashes, timestamps and prevRandao (wall clock and anvil's own choice), and
 * what depends on them; state roots, because anvil reports the empty root for its genesis and,
 * under Prague, keeps the EIP-2935 block-hash history contract (storage = parent hashes) that
 * the devnet does not deploy.
 */
import {
  AbiCoder,
  type BytesLike,
  getAddress,
  getCreate2Address,
  getCreateAddress,
  Interface,
  keccak256,
  type TransactionRequest,
  Wallet,
  ZeroHash,
} from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type DevnetHandle } from "../../src/rpc/createDevnet.js";
import { ANVIL_DEV_ADDRESSES, ANVIL_DEV_KEYS, type AnvilInstance, startAnvil } from "../support/anvil.js";
import { loadArtifact, storageSlot } from "../support/artifacts.js";
import {
  type JsonRpcErrorObject,
  type RpcReceipt,
  rpcEnvelope,
  rpcError,
  rpcResult,
  waitForReceipt,
} from "../support/jsonRpc.js";

const CHAIN_ID = 31337;
const GWEI = 1_000_000_000n;
const ETHER = 10n ** 18n;
const MAX_UINT = 2n ** 256n - 1n;

const token = loadArtifact("Token");
const reverter = loadArtifact("Reverter");
const counter = loadArtifact("Counter");
const pair = loadArtifact("Pair");
const child = loadArtifact("Child");
const tokenAbi = new Interface(token.abi);
const reverterAbi = new Interface(reverter.abi);
const counterAbi = new Interface(counter.abi);
const pairAbi = new Interface(pair.abi);

const [key0, key1, key2] = ANVIL_DEV_KEYS;
const [dev0, dev1, dev2, dev3] = ANVIL_DEV_ADDRESSES;
const wallets = [new Wallet(key0), new Wallet(key1), new Wallet(key2)];

// dev0 deploys five contracts with nonces 0-4: their addresses are known before anything runs.
const tokenA = getCreateAddress({ from: dev0, nonce: 0 });
const tokenB = getCreateAddress({ from: dev0, nonce: 1 });
const reverterAddress = getCreateAddress({ from: dev0, nonce: 2 });
const counterAddress = getCreateAddress({ from: dev0, nonce: 3 });
const pairAddress = getCreateAddress({ from: dev0, nonce: 4 });
const SALT = `0x${"5a".repeat(32)}`;
const childAddress = getCreate2Address(reverterAddress, SALT, keccak256(child.bytecode));

interface Step {
  label: string;
  /** Index into `wallets`. */
  signer: 0 | 1 | 2;
  tx: TransactionRequest;
  /** Receipt status the step must have on both chains. */
  status: "0x1" | "0x0";
}

const nonces = [0, 0, 0];
function step(label: string, signer: 0 | 1 | 2, tx: TransactionRequest, status: "0x1" | "0x0" = "0x1"): Step {
  const nonce = nonces[signer] ?? 0;
  nonces[signer] = nonce + 1;
  const fees: TransactionRequest =
    tx.type === 0 || tx.type === 1
      ? { gasPrice: 5n * GWEI }
      : { type: 2, maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: GWEI };
  return { label, signer, status, tx: { chainId: CHAIN_ID, nonce, gasLimit: 300_000n, ...fees, ...tx } };
}

const deploy = (bytecode: string, args: BytesLike = "0x"): TransactionRequest => ({
  to: null,
  data: `${bytecode}${String(args).slice(2)}`,
  gasLimit: 3_000_000n,
});
const abi = AbiCoder.defaultAbiCoder();
const tokenArgs = (name: string, symbol: string) =>
  abi.encode(["string", "string", "uint256"], [name, symbol, 1_000_000n * ETHER]);

const STEPS: readonly Step[] = [
  step("deploy Token A", 0, deploy(token.bytecode, tokenArgs("Alpha", "A"))),
  step("deploy Token B", 0, deploy(token.bytecode, tokenArgs("Beta", "B"))),
  step("deploy Reverter", 0, deploy(reverter.bytecode)),
  step("deploy Counter", 0, deploy(counter.bytecode)),
  step("deploy Pair", 0, deploy(pair.bytecode, abi.encode(["address", "address"], [tokenA, tokenB]))),
  step("ETH transfer to a fresh account", 1, { to: dev3, value: ETHER, gasLimit: 21_000n }),
  step("ERC-20 transfer", 0, {
    to: tokenA,
    data: tokenAbi.encodeFunctionData("transfer", [dev1, 1_000n * ETHER]),
  }),
  step("ERC-20 approve", 1, {
    to: tokenA,
    data: tokenAbi.encodeFunctionData("approve", [dev2, 500n * ETHER]),
  }),
  step("ERC-20 transferFrom", 2, {
    to: tokenA,
    data: tokenAbi.encodeFunctionData("transferFrom", [dev1, dev3, 200n * ETHER]),
  }),
  step("approve the pair on A", 0, {
    to: tokenA,
    data: tokenAbi.encodeFunctionData("approve", [pairAddress, MAX_UINT]),
  }),
  step("approve the pair on B", 0, {
    to: tokenB,
    data: tokenAbi.encodeFunctionData("approve", [pairAddress, MAX_UINT]),
  }),
  step("add liquidity", 0, {
    to: pairAddress,
    data: pairAbi.encodeFunctionData("addLiquidity", [10_000n * ETHER, 20_000n * ETHER]),
  }),
  step("swap", 0, { to: pairAddress, data: pairAbi.encodeFunctionData("swap", [100n * ETHER, true]) }),
  step("counter increment (first write of the slot)", 1, {
    to: counterAddress,
    data: counterAbi.encodeFunctionData("increment"),
  }),
  step("counter increment again", 1, {
    to: counterAddress,
    data: counterAbi.encodeFunctionData("increment"),
  }),
  step(
    "a revert with a reason, sent with explicit gas",
    0,
    { to: reverterAddress, data: reverterAbi.encodeFunctionData("revertWithReason"), gasLimit: 100_000n },
    "0x0",
  ),
  step(
    "a custom error revert (transfer without balance)",
    2,
    { to: tokenB, data: tokenAbi.encodeFunctionData("transfer", [dev1, 1n]), gasLimit: 100_000n },
    "0x0",
  ),
  step("CREATE2 deploy", 0, { to: reverterAddress, data: reverterAbi.encodeFunctionData("deploy", [SALT]) }),
  step("emitLogs(5) with value", 0, {
    to: reverterAddress,
    data: reverterAbi.encodeFunctionData("emitLogs", [5]),
    value: 12_345n,
  }),
  step(
    "out of gas",
    0,
    { to: reverterAddress, data: reverterAbi.encodeFunctionData("outOfGas"), gasLimit: 150_000n },
    "0x0",
  ),
  step("ETH to a contract's receive()", 2, { to: reverterAddress, value: ETHER, gasLimit: 50_000n }),
  step("legacy (type 0) transfer", 0, { type: 0, to: dev3, value: 7n, gasLimit: 21_000n }),
  step("access list (type 1) call", 1, {
    type: 1,
    to: counterAddress,
    data: counterAbi.encodeFunctionData("increment"),
    accessList: [{ address: counterAddress, storageKeys: [ZeroHash] }],
  }),
  step("nested revert caught (try/catch)", 2, {
    to: reverterAddress,
    data: reverterAbi.encodeFunctionData("nestedCatch", [reverterAddress]),
  }),
];

interface Node {
  name: "anvil" | "devnet";
  url: string;
  receipts: RpcReceipt[];
}

/** The deterministic fields of a receipt, addresses lower-cased. */
function receiptFields(receipt: RpcReceipt) {
  return {
    transactionHash: receipt.transactionHash,
    transactionIndex: receipt.transactionIndex,
    blockNumber: receipt.blockNumber,
    from: receipt.from.toLowerCase(),
    to: receipt.to?.toLowerCase() ?? null,
    type: receipt.type,
    status: receipt.status,
    gasUsed: receipt.gasUsed,
    cumulativeGasUsed: receipt.cumulativeGasUsed,
    effectiveGasPrice: receipt.effectiveGasPrice,
    contractAddress: receipt.contractAddress?.toLowerCase() ?? null,
    logsBloom: receipt.logsBloom,
    logs: receipt.logs.map((log) => ({
      address: log.address.toLowerCase(),
      topics: log.topics,
      data: log.data,
      logIndex: log.logIndex,
      transactionIndex: log.transactionIndex,
      blockNumber: log.blockNumber,
    })),
  };
}

interface RpcBlock {
  [field: string]: unknown;
}

/** Header fields that do not depend on the wall clock or on earlier block hashes. */
const DETERMINISTIC_BLOCK_FIELDS = [
  "number",
  "gasUsed",
  "gasLimit",
  "baseFeePerGas",
  "miner",
  "transactionsRoot",
  "receiptsRoot",
  "logsBloom",
  "difficulty",
  "nonce",
  "sha3Uncles",
  "withdrawalsRoot",
  "blobGasUsed",
  "excessBlobGas",
  "requestsHash",
  "parentBeaconBlockRoot",
  "extraData",
  "transactions",
] as const;

function blockFields(block: RpcBlock) {
  const out: Record<string, unknown> = {};
  for (const field of DETERMINISTIC_BLOCK_FIELDS) {
    const value = block[field];
    out[field] = typeof value === "string" ? value.toLowerCase() : value;
  }
  return out;
}

/** The storage slot of `mapping(address => …)` at `slot` for `key`. */
function mappingSlot(key: string, slot: bigint): string {
  return keccak256(abi.encode(["address", "uint256"], [key, slot]));
}

function nestedMappingSlot(outer: string, inner: string, slot: bigint): string {
  return keccak256(abi.encode(["address", "bytes32"], [inner, mappingSlot(outer, slot)]));
}

describe("the devnet against anvil, same transactions", () => {
  let anvil: AnvilInstance;
  let handle: DevnetHandle;
  const nodes: Node[] = [];
  const raws: string[] = [];

  beforeAll(async () => {
    [anvil, handle] = await Promise.all([
      startAnvil(["--hardfork", "prague"]),
      createDevnet({ hardfork: "prague" }),
    ]);
    const { url } = await handle.listen({ port: 0 });
    nodes.push({ name: "anvil", url: anvil.url, receipts: [] }, { name: "devnet", url, receipts: [] });
    for (const { signer, tx } of STEPS) raws.push(await (wallets[signer] as Wallet).signTransaction(tx));
    // Both chains in step: one transaction per block, each mined before the next is sent.
    for (const raw of raws) {
      for (const node of nodes) {
        const hash = await rpcResult<string>(node.url, "eth_sendRawTransaction", [raw]);
        node.receipts.push(await waitForReceipt(node.url, hash));
      }
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([anvil?.stop(), handle?.close()]);
  });

  const anvilNode = () => nodes[0] as Node;
  const devnetNode = () => nodes[1] as Node;
  /** The same request on both chains, results side by side. */
  const both = <T>(method: string, params: unknown[] = []) =>
    Promise.all([
      rpcResult<T>(anvilNode().url, method, params),
      rpcResult<T>(devnetNode().url, method, params),
    ]);
  const bothErrors = (method: string, params: unknown[] = []) =>
    Promise.all([rpcError(anvilNode().url, method, params), rpcError(devnetNode().url, method, params)]);

  describe("receipts", () => {
    it.each(STEPS.map((s, i) => [s.label, i] as const))("%s", (_label, i) => {
      const theirs = anvilNode().receipts[i] as RpcReceipt;
      const ours = devnetNode().receipts[i] as RpcReceipt;
      expect(theirs.status).toBe(STEPS[i]?.status);
      expect(receiptFields(ours)).toEqual(receiptFields(theirs));
    });

    it("contract addresses are where CREATE and CREATE2 put them", () => {
      const created = devnetNode()
        .receipts.slice(0, 5)
        .map((r) => getAddress(r.contractAddress as string));
      expect(created).toEqual([tokenA, tokenB, reverterAddress, counterAddress, pairAddress]);
      const deployedLog =
        devnetNode().receipts[STEPS.findIndex((s) => s.label === "CREATE2 deploy")]?.logs.at(-1);
      expect(deployedLog?.topics[1]).toBe(abi.encode(["address"], [childAddress]));
    });
  });

  it("blocks: gas, base fee, roots and blooms", async () => {
    for (let n = 0; n <= STEPS.length; n++) {
      const [theirs, ours] = await both<RpcBlock>("eth_getBlockByNumber", [`0x${n.toString(16)}`, false]);
      expect({ n, ...blockFields(ours) }).toEqual({ n, ...blockFields(theirs) });
    }
  });

  it("transactions as eth_getTransactionByHash returns them", async () => {
    const fields = [
      "hash",
      "nonce",
      "from",
      "to",
      "value",
      "gas",
      "gasPrice",
      "maxFeePerGas",
      "maxPriorityFeePerGas",
      "input",
      "type",
      "chainId",
      "v",
      "r",
      "s",
      "yParity",
      "accessList",
      "blockNumber",
      "transactionIndex",
    ];
    for (const receipt of devnetNode().receipts) {
      const [theirs, ours] = await both<Record<string, unknown>>("eth_getTransactionByHash", [
        receipt.transactionHash,
      ]);
      const pick = (tx: Record<string, unknown>) =>
        Object.fromEntries(
          fields.map((f) => [f, typeof tx[f] === "string" ? (tx[f] as string).toLowerCase() : tx[f]]),
        );
      expect(pick(ours)).toEqual(pick(theirs));
    }
  });

  it("balances and nonces of every account involved", async () => {
    const accounts = [
      dev0,
      dev1,
      dev2,
      dev3,
      "0x0000000000000000000000000000000000000000", // the coinbase: priority fees
      tokenA,
      tokenB,
      reverterAddress,
      counterAddress,
      pairAddress,
      childAddress,
    ];
    for (const account of accounts) {
      const [theirBalance, ourBalance] = await both("eth_getBalance", [account, "latest"]);
      expect({ account, balance: ourBalance }).toEqual({ account, balance: theirBalance });
      const [theirNonce, ourNonce] = await both("eth_getTransactionCount", [account, "latest"]);
      expect({ account, nonce: ourNonce }).toEqual({ account, nonce: theirNonce });
    }
  });

  it("storage: token balances, allowances, supply, reserves, counters", async () => {
    const balanceOf = storageSlot(token, "balanceOf");
    const allowance = storageSlot(token, "allowance");
    const slots: [string, string][] = [];
    for (const tokenAddress of [tokenA, tokenB]) {
      for (const holder of [dev0, dev1, dev2, dev3, pairAddress]) {
        slots.push([tokenAddress, mappingSlot(holder, balanceOf)]);
      }
      slots.push([tokenAddress, nestedMappingSlot(dev1, dev2, allowance)]);
      slots.push([tokenAddress, nestedMappingSlot(dev0, pairAddress, allowance)]);
      slots.push([tokenAddress, `0x${storageSlot(token, "totalSupply").toString(16)}`]);
      slots.push([tokenAddress, "0x0"]); // name (short string, in place)
    }
    slots.push([pairAddress, `0x${storageSlot(pair, "reserve0").toString(16)}`]);
    slots.push([pairAddress, `0x${storageSlot(pair, "reserve1").toString(16)}`]);
    slots.push([counterAddress, `0x${storageSlot(counter, "count").toString(16)}`]);
    slots.push([reverterAddress, `0x${storageSlot(reverter, "counter").toString(16)}`]);
    let nonZero = 0;
    for (const [address, slot] of slots) {
      const [theirs, ours] = await both<string>("eth_getStorageAt", [address, slot, "latest"]);
      expect({ address, slot, value: ours }).toEqual({ address, slot, value: theirs });
      if (BigInt(ours) !== 0n) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(10);
  });

  it("code of every deployed contract, CREATE2 child included", async () => {
    for (const address of [tokenA, tokenB, reverterAddress, counterAddress, pairAddress, childAddress]) {
      const [theirs, ours] = await both<string>("eth_getCode", [address, "latest"]);
      expect(ours).not.toBe("0x");
      expect({ address, code: ours }).toEqual({ address, code: theirs });
    }
    // Runtime code with immutables filled in (Child's creator) is what the chain holds, not the artifact's.
    const [, ourChild] = await both<string>("eth_getCode", [childAddress, "latest"]);
    expect(ourChild.toLowerCase()).toContain(reverterAddress.slice(2).toLowerCase());
  });

  it("logs of the whole chain through eth_getLogs", async () => {
    const filter = { fromBlock: "0x0", toBlock: "latest" };
    const [theirs, ours] = await both<Record<string, string | string[]>[]>("eth_getLogs", [filter]);
    const pick = (log: Record<string, string | string[]>) => ({
      address: String(log.address).toLowerCase(),
      topics: log.topics,
      data: log.data,
      blockNumber: log.blockNumber,
      transactionHash: log.transactionHash,
      transactionIndex: log.transactionIndex,
      logIndex: log.logIndex,
      removed: log.removed,
    });
    expect(ours.length).toBeGreaterThan(15);
    expect(ours.map(pick)).toEqual(theirs.map(pick));
    const transfers = { ...filter, address: tokenA, topics: [tokenAbi.getEvent("Transfer")?.topicHash] };
    const [theirTransfers, ourTransfers] = await both<unknown[]>("eth_getLogs", [transfers]);
    expect(ourTransfers.length).toBe(theirTransfers.length);
  });

  it("fees: gas price, priority fee, fee history", async () => {
    const [theirPrice, ourPrice] = await both("eth_gasPrice");
    expect(ourPrice).toBe(theirPrice);
    const [theirTip, ourTip] = await both("eth_maxPriorityFeePerGas");
    expect(ourTip).toBe(theirTip);
    const [theirs, ours] = await both<Record<string, unknown>>("eth_feeHistory", [
      "0xa",
      "latest",
      [10, 50, 90],
    ]);
    for (const field of ["oldestBlock", "baseFeePerGas", "gasUsedRatio", "reward"]) {
      expect({ field, value: ours[field] }).toEqual({ field, value: theirs[field] });
    }
  });

  it("calls and estimates that name no sender (viem's readContract, cast call, ethers without a signer)", async () => {
    // Without fee fields, geth and anvil run a call at a gas price of zero: nothing to pay, so the
    // sender (0x0 when `from` is missing) needs no balance. Here 0x0 is the coinbase and holds
    // the script's tips, and the base fee has fallen block after block, so this first case passes
    // even if the devnet charged gas limit × 2 × base fee; the poor sender below would not.
    const balanceOf = { to: tokenA, data: tokenAbi.encodeFunctionData("balanceOf", [dev3]) };
    const [theirs, ours] = await Promise.all([
      rpcEnvelope(anvilNode().url, "eth_call", [balanceOf, "latest"]),
      rpcEnvelope(devnetNode().url, "eth_call", [balanceOf, "latest"]),
    ]);
    expect(theirs.result).toBe(abi.encode(["uint256"], [200n * ETHER]));
    expect(ours).toEqual({ ...theirs, id: ours.id });
    // The same from an account that holds less than gas limit × base fee.
    const poor = "0x00000000000000000000000000000000000f00d5";
    const [theirCall, ourCall] = await Promise.all([
      rpcEnvelope(anvilNode().url, "eth_call", [{ ...balanceOf, from: poor }, "latest"]),
      rpcEnvelope(devnetNode().url, "eth_call", [{ ...balanceOf, from: poor }, "latest"]),
    ]);
    expect(ourCall).toEqual({ ...theirCall, id: ourCall.id });
    const [theirEstimate, ourEstimate] = await Promise.all([
      rpcEnvelope(anvilNode().url, "eth_estimateGas", [balanceOf]),
      rpcEnvelope(devnetNode().url, "eth_estimateGas", [balanceOf]),
    ]);
    expect(ourEstimate.error).toBeUndefined();
    expect(typeof theirEstimate.result).toBe("string");
  });

  describe("eth_estimateGas", () => {
    const call = (from: string, to: string | null, data: string, value = 0n) => ({
      from,
      ...(to === null ? {} : { to }),
      data,
      ...(value === 0n ? {} : { value: `0x${value.toString(16)}` }),
    });
    const ESTIMATES = [
      ["ETH transfer to an account", call(dev0, dev3, "0x", 1n)],
      ["ETH to a contract's receive()", call(dev0, reverterAddress, "0x", 1n)],
      ["ERC-20 transfer", call(dev0, tokenA, tokenAbi.encodeFunctionData("transfer", [dev2, 5n]))],
      [
        "ERC-20 transfer to a new holder",
        call(dev0, tokenA, tokenAbi.encodeFunctionData("transfer", [dev1, 5n])),
      ],
      ["ERC-20 approve", call(dev1, tokenB, tokenAbi.encodeFunctionData("approve", [dev2, 5n]))],
      ["counter increment", call(dev2, counterAddress, counterAbi.encodeFunctionData("increment"))],
      ["deploy Token", call(dev0, null, `${token.bytecode}${tokenArgs("Gamma", "G").slice(2)}`)],
      ["deploy Counter", call(dev0, null, counter.bytecode)],
      ["emitLogs(5)", call(dev0, reverterAddress, reverterAbi.encodeFunctionData("emitLogs", [5]))],
      ["emitLogs(0)", call(dev0, reverterAddress, reverterAbi.encodeFunctionData("emitLogs", [0]))],
      [
        "CREATE2 deploy with a new salt",
        call(dev0, reverterAddress, reverterAbi.encodeFunctionData("deploy", [`0x${"77".repeat(32)}`])),
      ],
      ["swap", call(dev0, pairAddress, pairAbi.encodeFunctionData("swap", [ETHER, false]))],
      // SLOAD, then SSTORE of the same value (100 gas) and STOP: at the gas it consumed, SSTORE's
      // 2,300-gas sentry fails, so the minimum lies above it.
      ["SSTORE with a short tail (sentry)", call(dev0, null, "0x60005460005500")],
      // Sets a slot, then skips a branch that holds GAS: the run never looks at its gas.
      ["GAS in a branch not taken", call(dev0, null, "0x60016000556000600b57005b5a00")],
      // Sets and clears a slot: the refund exceeds its cap of a fifth.
      ["a refund above its cap", call(dev0, null, "0x60016000556000600055")],
      // STOP, then 2,000 bytes of data: EIP-7623's calldata floor is the charge.
      ["calldata charged its floor", call(dev0, null, `0x00${"ff".repeat(2_000)}`)],
      // Sets and clears a slot under a 4,000-byte floor: the floor zeroes the refund report.
      [
        "a refund under the calldata floor",
        call(dev0, null, `0x6001600055600060005500${"ff".repeat(4_000)}`),
      ],
    ] as const;

    /** Both search down to the exact lowest gas limit with which the transaction succeeds. */
    it.each(ESTIMATES.map(([label, request]) => [label, request] as const))("%s", async (_label, request) => {
      const [theirs, ours] = await both<string>("eth_estimateGas", [request]);
      expect(ours).toBe(theirs);
    });
  });

  describe("errors for the same bad inputs", () => {
    const callReverter = (fn: string, args: unknown[] = []) => [
      { from: dev0, to: reverterAddress, data: reverterAbi.encodeFunctionData(fn, args) },
      "latest",
    ];
    const sameCodeAndData = (theirs: JsonRpcErrorObject, ours: JsonRpcErrorObject) => {
      expect({ code: ours.code, data: ours.data }).toEqual({ code: theirs.code, data: theirs.data });
    };

    it("eth_call and eth_estimateGas reverts: code 3, the raw revert bytes as data", async () => {
      for (const [fn, args] of [
        ["revertWithReason", []],
        ["revertWithCustomError", []],
        ["panicDivisionByZero", [0]],
        ["panicAssert", []],
        ["revertEmpty", []],
      ] as const) {
        const [theirs, ours] = await bothErrors("eth_call", callReverter(fn, [...args]));
        expect(theirs.code).toBe(3);
        sameCodeAndData(theirs, ours);
        const [theirEstimate, ourEstimate] = await bothErrors(
          "eth_estimateGas",
          callReverter(fn, [...args]).slice(0, 1),
        );
        sameCodeAndData(theirEstimate, ourEstimate);
        // Messages agree except for custom errors (anvil appends the raw ABI bytes as text).
        if (fn !== "revertWithCustomError") expect(ours.message).toBe(theirs.message);
      }
      const customError = tokenAbi.encodeFunctionData("transfer", [dev1, 1n]);
      const [theirs, ours] = await bothErrors("eth_call", [
        { from: dev2, to: tokenB, data: customError },
        "latest",
      ]);
      sameCodeAndData(theirs, ours);
      expect(String(ours.data).slice(0, 10)).toBe(tokenAbi.getError("InsufficientBalance")?.selector);
    });

    const signed = async (signer: 0 | 1 | 2, tx: TransactionRequest) =>
      (wallets[signer] as Wallet).signTransaction({
        type: 2,
        chainId: CHAIN_ID,
        to: dev3,
        value: 1n,
        gasLimit: 21_000n,
        maxFeePerGas: 10n * GWEI,
        maxPriorityFeePerGas: GWEI,
        ...tx,
      });

    it("rejected raw transactions: the same codes", async () => {
      const next = nonces[2] as number; // dev2's next nonce after the script
      const cases: [string, string][] = [
        ["nonce too low", await signed(0, { nonce: 0 })],
        ["insufficient funds", await signed(2, { nonce: next, value: 100_000n * ETHER })],
        ["intrinsic gas too low", await signed(2, { nonce: next, gasLimit: 20_000n })],
        [
          "max fee below base fee",
          await signed(2, { nonce: next, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n }),
        ],
        ["invalid chain id", await signed(2, { nonce: next, chainId: 1 })],
        ["gas limit above the block's", await signed(2, { nonce: next, gasLimit: 30_000_001n })],
        // anvil says "nonce too low" here, the devnet "transaction already imported": same code.
        ["a mined transaction sent again", raws[0] as string],
      ];
      for (const [label, raw] of cases) {
        const [theirs, ours] = await bothErrors("eth_sendRawTransaction", [raw]);
        expect({ label, code: ours.code }).toEqual({ label, code: theirs.code });
      }
    });

    it("unknown method, invalid params, a block past the head", async () => {
      const requests: [string, unknown[]][] = [
        ["eth_noSuchMethod", []],
        ["eth_getBalance", ["0x12", "latest"]],
        ["eth_getBalance", []],
        ["eth_getBlockByNumber", ["yesterday", false]],
        ["eth_call", [{ to: counterAddress, data: "0x" }, "0xffff"]],
        ["eth_getStorageAt", [counterAddress, "0x0", "0xffff"]],
      ];
      for (const [method, params] of requests) {
        const [theirs, ours] = await Promise.all([
          rpcEnvelope(anvilNode().url, method, params),
          rpcEnvelope(devnetNode().url, method, params),
        ]);
        expect({ method, params, code: ours.error?.code }).toEqual({
          method,
          params,
          code: theirs.error?.code,
        });
      }
    });
  });
});
