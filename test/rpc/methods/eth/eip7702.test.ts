/**
 * EIP-7702 end to end through viem, on the devnet and on the real anvil side by side: the same
 * scenario (viem's signAuthorization, then sendTransaction with an authorization list) runs on
 * both, and codes, gas and results must agree. Covers delegation, calls that run the delegate,
 * a self-sponsored delegation, revocation, an authority with code (its authorization skipped, as
 * the EIP says), gas estimates and the call trace of a set-code transaction.
 */
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  type Hex,
  http,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_KEYS, type AnvilInstance, startAnvil } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { type DevnetServer, startDevnetServer } from "../../../support/devnetServer.js";

const counter = loadArtifact("Counter");
const counterAbi = counter.abi as unknown as readonly [
  {
    type: "function";
    name: "count";
    inputs: [];
    outputs: [{ type: "uint256"; name: "" }];
    stateMutability: "view";
  },
  { type: "function"; name: "increment"; inputs: []; outputs: []; stateMutability: "nonpayable" },
];
const increment = encodeFunctionData({ abi: counterAbi, functionName: "increment" });

const relay = privateKeyToAccount(ANVIL_DEV_KEYS[0]);
const authority = privateKeyToAccount(ANVIL_DEV_KEYS[1]);
const selfSponsor = privateKeyToAccount(ANVIL_DEV_KEYS[2]);
const withCode = privateKeyToAccount(ANVIL_DEV_KEYS[3]);

/** What one node answered along the scenario; the devnet's must equal anvil's. */
interface Outcome {
  delegatedCode: Hex | undefined;
  countAtAuthority: bigint;
  gasUsed: bigint[];
  estimate: bigint;
  callResult: Hex | undefined;
  selfCode: Hex | undefined;
  selfNonce: number;
  revokedCode: Hex | undefined;
  codeAfterRefusedAuthorization: Hex | undefined;
  trace: unknown;
}

async function runScenario(url: string): Promise<Outcome> {
  const chain = defineChain({
    id: 31337,
    name: "devnet",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const wallet = createWalletClient({ chain, transport: http(url), account: relay });
  const client = createPublicClient({ chain, transport: http(url) });
  const gasUsed: bigint[] = [];
  const mined = async (hash: Hex) => {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    expect(receipt.status).toBe("success");
    gasUsed.push(receipt.gasUsed);
    return receipt;
  };

  const deployed = await mined(await wallet.deployContract({ abi: counterAbi, bytecode: counter.bytecode }));
  const target = deployed.contractAddress as Address;

  // A sponsored delegation that calls the delegate in the same transaction.
  const auth = await wallet.signAuthorization({ account: authority, contractAddress: target });
  const delegation = await mined(
    await wallet.sendTransaction({ authorizationList: [auth], to: authority.address, data: increment }),
  );
  expect(delegation.type).toBe("eip7702");
  expect(delegation.logs[0]?.address).toBe(authority.address.toLowerCase());
  const delegatedCode = await client.getCode({ address: authority.address });
  const countAtAuthority = await client.readContract({
    address: authority.address,
    abi: counterAbi,
    functionName: "count",
  });
  // Calls to the authority run the delegate.
  await mined(await wallet.sendTransaction({ to: authority.address, data: increment }));
  const callResult = (await client.call({ to: authority.address, data: increment })).data;

  const again = await wallet.signAuthorization({ account: authority, contractAddress: target });
  const estimate = await client.estimateGas({
    account: relay,
    authorizationList: [again],
    to: authority.address,
    data: increment,
  });

  // Self-sponsored: the authorization's nonce is the sender's next but one.
  const own = await wallet.signAuthorization({
    account: selfSponsor,
    contractAddress: target,
    executor: "self",
  });
  await mined(
    await wallet.sendTransaction({
      account: selfSponsor,
      authorizationList: [own],
      to: selfSponsor.address,
      data: increment,
    }),
  );
  const selfCode = await client.getCode({ address: selfSponsor.address });
  const selfNonce = await client.getTransactionCount({ address: selfSponsor.address });

  // Revocation: a delegation to the zero address clears the code.
  const revoke = await wallet.signAuthorization({ account: authority, contractAddress: zeroAddress });
  await mined(await wallet.sendTransaction({ authorizationList: [revoke], to: relay.address }));
  const revokedCode = await client.getCode({ address: authority.address });

  // An authority with code that is not a delegation: its authorization is skipped.
  await client.request({
    method: "anvil_setCode" as never,
    params: [withCode.address, counter.deployedBytecode] as never,
  });
  const refused = await wallet.signAuthorization({ account: withCode, contractAddress: zeroAddress });
  const refusedHash = await wallet.sendTransaction({ authorizationList: [refused], to: relay.address });
  await mined(refusedHash);
  const codeAfterRefusedAuthorization = await client.getCode({ address: withCode.address });

  const trace = await client.request({
    method: "debug_traceTransaction" as never,
    params: [delegation.transactionHash, { tracer: "callTracer" }] as never,
  });
  return {
    delegatedCode,
    countAtAuthority,
    gasUsed,
    estimate,
    callResult,
    selfCode,
    selfNonce,
    revokedCode,
    codeAfterRefusedAuthorization,
    trace,
  };
}

describe("EIP-7702 through viem, devnet and anvil", () => {
  let anvil: AnvilInstance;
  let server: DevnetServer;
  let devnet: Outcome;
  let reference: Outcome;

  beforeAll(async () => {
    [anvil, server] = await Promise.all([startAnvil(["--hardfork", "prague"]), startDevnetServer()]);
    [devnet, reference] = await Promise.all([runScenario(server.url), runScenario(anvil.url)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([anvil?.stop(), server?.close()]);
  });

  it("delegates an EOA: its code is 0xef0100 ‖ delegate and calls run the delegate", () => {
    expect(devnet.delegatedCode?.startsWith("0xef0100")).toBe(true);
    expect(devnet.delegatedCode).toHaveLength(2 + 46);
    expect(devnet.countAtAuthority).toBe(1n);
    expect(devnet.delegatedCode).toBe(reference.delegatedCode);
    expect(devnet.countAtAuthority).toBe(reference.countAtAuthority);
    expect(devnet.callResult).toBe(reference.callResult);
  });

  it("uses the gas anvil uses and estimates what anvil estimates", () => {
    expect(devnet.gasUsed).toEqual(reference.gasUsed);
    expect(devnet.estimate).toBe(reference.estimate);
    // 21,000 + 25,000 per authorization, before the call itself.
    expect(devnet.estimate).toBeGreaterThan(46_000n);
  });

  it("delegates a self-sponsoring sender, whose nonce goes up twice", () => {
    expect(devnet.selfCode).toBe(reference.selfCode);
    expect(devnet.selfCode?.startsWith("0xef0100")).toBe(true);
    expect(devnet.selfNonce).toBe(2);
  });

  it("revokes a delegation with the zero address", () => {
    expect(devnet.revokedCode).toBeUndefined();
    expect(reference.revokedCode).toBeUndefined();
  });

  it("skips an authorization whose authority has code", () => {
    expect(devnet.codeAfterRefusedAuthorization).toBe(counter.deployedBytecode);
    expect(devnet.codeAfterRefusedAuthorization).toBe(reference.codeAfterRefusedAuthorization);
  });

  it("traces a set-code transaction as anvil does, but for the top frame's gas", () => {
    // anvil: the gas limit less the intrinsic gas; the devnet, as geth: the gas limit.
    const { gas: _devnet, ...traced } = devnet.trace as Record<string, unknown>;
    const { gas: _anvil, ...expected } = reference.trace as Record<string, unknown>;
    expect(traced).toEqual(expected);
    expect(traced.to).toBe(authority.address.toLowerCase());
  });
});

describe("EIP-7702 over plain JSON-RPC", () => {
  let server: DevnetServer;

  beforeAll(async () => {
    server = await startDevnetServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  const post = async (method: string, params: unknown[]) => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
  };

  it("eth_sendTransaction from a dev account carries the authorization list", async () => {
    const chainUrl = server.url;
    const wallet = createWalletClient({ transport: http(chainUrl), account: relay });
    const auth = await wallet.signAuthorization({
      account: authority,
      contractAddress: `0x${"42".repeat(20)}`,
      chainId: 31337,
      nonce: 0,
    });
    const sent = await post("eth_sendTransaction", [
      {
        from: relay.address,
        to: authority.address,
        authorizationList: [
          {
            chainId: "0x7a69",
            address: auth.address,
            nonce: "0x0",
            yParity: `0x${auth.yParity}`,
            r: auth.r,
            s: auth.s,
          },
        ],
      },
    ]);
    expect(sent.error).toBeUndefined();
    const code = await post("eth_getCode", [authority.address, "latest"]);
    expect(code.result).toBe(`0xef0100${"42".repeat(20)}`);
  });

  it("refuses a malformed authorization with -32602 naming the field", async () => {
    const answer = await post("eth_estimateGas", [
      {
        from: relay.address,
        to: authority.address,
        authorizationList: [{ chainId: "0x1", address: "0x12" }],
      },
    ]);
    expect(answer.error?.code).toBe(-32602);
    expect(answer.error?.message).toContain("authorizationList");
  });
});
