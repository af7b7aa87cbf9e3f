/**
 * eth_simulateV1 through viem (simulateCalls, simulateBlocks) and plain JSON-RPC: state carried
 * from call to call and block to block, state and block overrides, validation and its error
 * codes, traceTransfers, reverts; the calls' results beside the real anvil's on one payload.
 * (anvil's simulated blocks themselves are not compared: it numbers the first one as the base
 * block and gives zero parent hashes.) The spec's own vectors (ethereum/execution-apis,
 * tests/eth_simulateV1) were checked by hand: 40 of 57 give the same calls; the others depend on
 * the test chain's blocks and state, or on the three gaps the README names.
 */
import {
  type Address,
  createPublicClient,
  defineChain,
  encodeFunctionData,
  type Hex,
  http,
  parseEther,
} from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_ADDRESSES, type AnvilInstance, startAnvil } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../../support/devnetServer.js";

const counter = loadArtifact("Counter");
const counterAbi = [
  {
    type: "function",
    name: "count",
    inputs: [],
    outputs: [{ type: "uint256", name: "" }],
    stateMutability: "view",
  },
  { type: "function", name: "increment", inputs: [], outputs: [], stateMutability: "nonpayable" },
] as const;
const increment = encodeFunctionData({ abi: counterAbi, functionName: "increment" });
const sender = ANVIL_DEV_ADDRESSES[0] as Address;
const counterAt = `0x${"c0".repeat(20)}` as Address;
const fresh = `0x${"f1".repeat(20)}` as Address;
/** Code that returns TIMESTAMP and NUMBER as two words. */
const CLOCK_CODE = "0x4260005243602052604060" + "00f3";
/** Error(string) "nope", as Solidity reverts with it. */
const NOPE = `0x08c379a0${"20".padStart(64, "0")}${"4".padStart(64, "0")}${"6e6f7065".padEnd(64, "0")}`;
/** Code that copies NOPE (100 bytes, after these 12) to memory and reverts with it. */
const REVERTER_CODE = `0x6064600c60003960646000fd${NOPE.slice(2)}`;

type Json = Record<string, unknown>;
type Call = {
  returnData: Hex;
  status: Hex;
  gasUsed: Hex;
  logs: Json[];
  error?: { code: number; message: string; data?: Hex };
};
type Block = Json & { number: Hex; timestamp: Hex; calls: Call[] };

let server: DevnetServer;
let rpc: Rpc;

beforeAll(async () => {
  server = await startDevnetServer();
  rpc = new Rpc(server.url);
});

afterAll(async () => {
  await server?.close();
});

const simulate = (payload: Json, tag: unknown = "latest") => rpc.envelope("eth_simulateV1", [payload, tag]);

describe("eth_simulateV1", () => {
  it("viem's simulateCalls: calls see the state earlier calls left", async () => {
    const chain = defineChain({
      id: 31337,
      name: "devnet",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [server.url] } },
    });
    const client = createPublicClient({ chain, transport: http(server.url) });
    const { results } = await client.simulateCalls({
      account: sender,
      stateOverrides: [{ address: counterAt, code: counter.deployedBytecode }],
      calls: [
        { to: fresh, value: parseEther("1") },
        { to: counterAt, data: increment },
        { to: counterAt, data: increment },
        { to: counterAt, abi: counterAbi, functionName: "count" },
      ],
    });
    expect(results.map((result) => result.status)).toEqual(["success", "success", "success", "success"]);
    expect(results[3]?.result).toBe(2n);
    // Nothing was kept.
    expect(await client.getBalance({ address: fresh })).toBe(0n);
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(0n);
  });

  it("blocks follow each other: numbers, timestamps 12 s apart unless given, state carried over", async () => {
    const { result, error } = await simulate({
      blockStateCalls: [
        {
          stateOverrides: { [counterAt]: { code: CLOCK_CODE }, [fresh]: { balance: "0x64" } },
          calls: [{ to: counterAt }, { from: fresh, to: sender, value: "0x40" }],
        },
        { calls: [{ to: counterAt }] },
        { blockOverrides: { number: "0x5", time: "0x7fffffff" }, calls: [{ to: counterAt }] },
      ],
    });
    expect(error).toBeUndefined();
    const blocks = result as Block[];
    expect(blocks.map((block) => block.number)).toEqual(["0x1", "0x2", "0x3", "0x4", "0x5"]);
    const [first, second, , , last] = blocks as [Block, Block, Block, Block, Block];
    expect(BigInt(second.timestamp) - BigInt(first.timestamp)).toBe(12n);
    expect(second.parentHash).toBe(first.hash);
    const clock = (block: Block) => block.calls[0]?.returnData as Hex;
    expect(BigInt(clock(first).slice(0, 66))).toBe(BigInt(first.timestamp));
    expect(BigInt(`0x${clock(last).slice(66)}`)).toBe(5n);
    expect(BigInt(clock(last).slice(0, 66))).toBe(0x7fffffffn);
    // Gaps are filled with empty blocks.
    expect(blocks[2]?.calls).toEqual([]);
    // Block 2 starts from what block 1 left: 0x24 of 0x64 wei, too little to send 0x40 again.
    const { error: spent } = await simulate({
      blockStateCalls: [
        {
          stateOverrides: { [fresh]: { balance: "0x64" } },
          calls: [{ from: fresh, to: sender, value: "0x40" }],
        },
        { calls: [{ from: fresh, to: sender, value: "0x40" }] },
      ],
    });
    expect(spent?.code).toBe(-38014);
  });

  it("validation: the EIP-1559 base fee, nonces and funds are checked, with geth's codes", async () => {
    await rpc.call("anvil_setNonce", sender, "0x2");
    const base = (calls: Json[], validation: boolean) => ({ blockStateCalls: [{ calls }], validation });
    expect((await simulate(base([{ from: sender, to: fresh }], true))).error?.code).toBe(-38012);
    expect((await simulate(base([{ from: sender, to: fresh }], false))).error).toBeUndefined();
    const fees = { maxFeePerGas: "0x3b9aca00", maxPriorityFeePerGas: "0x0" };
    expect(
      (await simulate(base([{ from: sender, to: fresh, nonce: "0x5", ...fees }], true))).error?.code,
    ).toBe(-38011);
    expect(
      (await simulate(base([{ from: sender, to: fresh, nonce: "0x1", ...fees }], true))).error?.code,
    ).toBe(-38010);
    expect((await simulate(base([{ from: fresh, to: sender, value: "0x1" }], false))).error?.code).toBe(
      -38014,
    );
    expect((await simulate(base([{ from: sender, to: fresh, gas: "0x1000" }], false))).error?.code).toBe(
      -38013,
    );
    const { result } = await simulate(base([{ from: sender, to: fresh, ...fees }], true));
    // EIP-1559's next base fee after the empty genesis block: 7/8 of 1 gwei.
    expect((result as Block[])[0]?.baseFeePerGas).toBe("0x342770c0");
  });

  it("traceTransfers: a Transfer log from 0xeeee…eeee for each transfer of ether", async () => {
    const { result } = await simulate({
      blockStateCalls: [{ calls: [{ from: sender, to: fresh, value: "0x2a" }] }],
      traceTransfers: true,
    });
    const [log] = (result as Block[])[0]?.calls[0]?.logs ?? [];
    expect(log).toMatchObject({
      address: "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
      topics: [
        "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
        `0x${sender.slice(2).toLowerCase().padStart(64, "0")}`,
        `0x${fresh.slice(2).padStart(64, "0")}`,
      ],
      data: `0x${"2a".padStart(64, "0")}`,
      logIndex: "0x0",
    });
  });

  it("a reverted call: status 0, error code 3 with the reason and the revert data", async () => {
    const { result } = await simulate({
      blockStateCalls: [
        { stateOverrides: { [counterAt]: { code: REVERTER_CODE } }, calls: [{ to: counterAt }] },
      ],
    });
    const call = (result as Block[])[0]?.calls[0] as Call;
    expect(call.status).toBe("0x0");
    expect(call.returnData).toBe("0x");
    expect(call.error?.code).toBe(3);
    expect(call.error?.message).toBe("execution reverted: nope");
    expect(call.error?.data).toBe(NOPE);
  });

  it("refuses bad parameters with -32602 naming the argument", async () => {
    for (const params of [
      [{}],
      [{ blockStateCalls: [{ calls: [{ to: "0x12" }] }] }],
      [{ blockStateCalls: [] }, "soon"],
    ]) {
      const { error } = await rpc.envelope("eth_simulateV1", params);
      expect(error?.code).toBe(-32602);
      expect(error?.message).toMatch(/argument [01]/);
    }
    expect((await simulate({ blockStateCalls: [{ blockOverrides: { number: "0x0" } }] })).error?.code).toBe(
      -38020,
    );
  });
});

describe("eth_simulateV1 beside anvil", () => {
  let anvil: AnvilInstance;

  beforeAll(async () => {
    anvil = await startAnvil(["--hardfork", "prague"]);
  });

  afterAll(async () => {
    await anvil?.stop();
  });

  it("gives the calls anvil gives: return data, gas, status and logs", async () => {
    const payload = {
      blockStateCalls: [
        {
          stateOverrides: { [counterAt]: { code: counter.deployedBytecode } },
          calls: [
            { from: sender, to: fresh, value: "0x1" },
            { from: sender, to: counterAt, input: increment },
            { from: sender, to: counterAt, input: increment },
          ],
        },
        { calls: [{ to: counterAt, input: encodeFunctionData({ abi: counterAbi, functionName: "count" }) }] },
      ],
      traceTransfers: true,
    };
    const answers = await Promise.all(
      [server.url, anvil.url].map((url) => new Rpc(url).call<Block[]>("eth_simulateV1", payload, "latest")),
    );
    const calls = (blocks: Block[]) =>
      blocks.map((block) =>
        block.calls.map((call) => ({
          ...call,
          logs: call.logs.map(({ address, topics, data, logIndex }) => ({ address, topics, data, logIndex })),
        })),
      );
    const [devnet, reference] = answers.map(calls);
    expect(devnet).toEqual(reference);
  });
});
