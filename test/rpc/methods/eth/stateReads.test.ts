/**
 * eth_getProof, eth_getAccount, eth_blobBaseFee, eth_config and eth_getHeaderByNumber / ByHash
 * through viem and cast, beside the real anvil where it serves them. Every proof is checked with
 * @ethereumjs/mpt, a Merkle-Patricia implementation independent of the devnet's trie, against the
 * state root of the block it was asked at.
 *
 * Account proofs are not compared byte for byte with anvil's: under Prague anvil's state also
 * holds the system contracts, so its account trie differs; a contract's storage trie does not.
 */
import { verifyMerkleProof } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  type GetProofReturnType,
  type Hex,
  http,
  keccak256,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANVIL_DEV_ADDRESSES,
  ANVIL_DEV_KEYS,
  type AnvilInstance,
  startAnvil,
} from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { cast } from "../../../support/cast.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../../support/devnetServer.js";

const counter = loadArtifact("Counter");
const increment = encodeFunctionData({
  abi: [{ type: "function", name: "increment", inputs: [], outputs: [], stateMutability: "nonpayable" }],
  functionName: "increment",
});
const SLOT_0 = `0x${"00".repeat(32)}` as Hex;
const SLOT_1 = `0x${"00".repeat(31)}01` as Hex;
const deployer = privateKeyToAccount(ANVIL_DEV_KEYS[0]);
const EMPTY_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
const stranger = `0x${"ab".repeat(20)}` as Address;

function clientsOn(url: string) {
  const chain = defineChain({
    id: 31337,
    name: "devnet",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  return {
    wallet: createWalletClient({ chain, transport: http(url), account: deployer }),
    client: createPublicClient({ chain, transport: http(url) }),
  };
}

/** Deploys Counter and increments it three times, one block each; the counter's address. */
async function counterScenario(url: string): Promise<Address> {
  const { wallet, client } = clientsOn(url);
  const deployed = await client.waitForTransactionReceipt({
    hash: await wallet.deployContract({ abi: [], bytecode: counter.bytecode }),
    pollingInterval: 20,
  });
  const address = deployed.contractAddress as Address;
  for (let i = 0; i < 3; i++) {
    await client.waitForTransactionReceipt({
      hash: await wallet.sendTransaction({ to: address, data: increment }),
      pollingInterval: 20,
    });
  }
  return address;
}

/**
 * Checks a proof with @ethereumjs/mpt against `stateRoot`: the account leaf (or its absence)
 * holds the answered fields, and each slot's leaf (or absence) its answered value.
 */
async function verifyProof(proof: GetProofReturnType, stateRoot: Hex): Promise<void> {
  const accountKey = hexToBytes(keccak256(proof.address));
  const leaf = await verifyMerkleProof(
    accountKey,
    proof.accountProof.map((node) => hexToBytes(node)),
    {
      root: hexToBytes(stateRoot),
    },
  );
  if (leaf === null) {
    expect(proof.balance).toBe(0n);
    expect(proof.nonce).toBe(0);
  } else {
    const [nonce, balance, storageRoot, codeHash] = RLP.decode(leaf) as Uint8Array[];
    expect(BigInt(bytesToHex(nonce as Uint8Array) === "0x" ? 0 : bytesToHex(nonce as Uint8Array))).toBe(
      BigInt(proof.nonce),
    );
    expect(balance?.length === 0 ? 0n : BigInt(bytesToHex(balance as Uint8Array))).toBe(proof.balance);
    expect(bytesToHex(storageRoot as Uint8Array)).toBe(proof.storageHash);
    expect(bytesToHex(codeHash as Uint8Array)).toBe(proof.codeHash);
  }
  for (const entry of proof.storageProof) {
    if (proof.storageHash === EMPTY_ROOT) {
      // An empty trie has no node to show: the devnet (as geth) answers no node, anvil the
      // empty node's RLP.
      expect([[], ["0x80"]]).toContainEqual(entry.proof);
      expect(entry.value).toBe(0n);
      continue;
    }
    const value = await verifyMerkleProof(
      hexToBytes(keccak256(entry.key)),
      entry.proof.map((node) => hexToBytes(node)),
      { root: hexToBytes(proof.storageHash) },
    );
    const stored = value === null ? 0n : BigInt(bytesToHex(RLP.decode(value) as Uint8Array));
    expect(stored).toBe(entry.value);
  }
}

describe("state reads beside anvil", () => {
  let anvil: AnvilInstance;
  let server: DevnetServer;
  let onDevnet: Address;
  let onAnvil: Address;

  beforeAll(async () => {
    [anvil, server] = await Promise.all([startAnvil(["--hardfork", "prague"]), startDevnetServer()]);
    [onDevnet, onAnvil] = await Promise.all([counterScenario(server.url), counterScenario(anvil.url)]);
    expect(onDevnet).toBe(onAnvil);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([anvil?.stop(), server?.close()]);
  });

  it("eth_getProof through viem verifies against each block's state root, on both", async () => {
    for (const url of [server.url, anvil.url]) {
      const { client } = clientsOn(url);
      for (const blockNumber of [1n, 2n, 4n]) {
        const block = await client.getBlock({ blockNumber });
        for (const address of [onDevnet, deployer.address, stranger]) {
          const proof = await client.getProof({ address, storageKeys: [SLOT_0, SLOT_1], blockNumber });
          await verifyProof(proof, block.stateRoot);
        }
        const proof = await client.getProof({ address: onDevnet, storageKeys: [SLOT_0], blockNumber });
        // The counter is 0 after its deployment (block 1), then one more each block.
        expect(proof.storageProof[0]?.value).toBe(blockNumber - 1n);
      }
    }
  });

  it("answers anvil's fields and storage proofs", async () => {
    const answers = await Promise.all(
      [server.url, anvil.url].map((url) =>
        new Rpc(url).call<Record<string, unknown>>("eth_getProof", onDevnet, [SLOT_0, SLOT_1], "latest"),
      ),
    );
    const [devnet, reference] = answers.map(({ accountProof: _proof, ...rest }) => rest);
    expect(devnet).toEqual(reference);
  });

  it("eth_getAccount answers anvil's account, at the head and in the past", async () => {
    for (const [account, block] of [
      [onDevnet, "latest"],
      [onDevnet, "0x1"],
      [deployer.address, "0x2"],
      [stranger, "latest"],
    ] as const) {
      const [devnet, reference] = await Promise.all(
        [server.url, anvil.url].map((url) => new Rpc(url).call("eth_getAccount", account, block)),
      );
      expect(devnet, `${account} at ${block}`).toEqual(reference);
    }
  });

  it("eth_blobBaseFee through viem, as anvil", async () => {
    const [devnet, reference] = await Promise.all(
      [server.url, anvil.url].map((url) => clientsOn(url).client.getBlobBaseFee()),
    );
    expect(devnet).toBe(reference);
    expect(devnet).toBe(1n);
  });

  it("eth_config answers anvil's configuration, with a fork id", async () => {
    type Config = { current: Record<string, unknown>; next: null; last: null };
    const [devnet, reference] = (await Promise.all(
      [server.url, anvil.url].map((url) => new Rpc(url).call<Config>("eth_config")),
    )) as [Config, Config];
    const { forkId, ...current } = devnet.current;
    const { forkId: _anvilForkId, ...expected } = reference.current;
    expect({ ...devnet, current }).toEqual({ ...reference, current: expected });
    // anvil answers 0x00000000; EIP-2124: the CRC-32 of the genesis hash when every fork is at genesis.
    expect(forkId).toMatch(/^0x[0-9a-f]{8}$/);
  });

  it("cast proof verifies too", async () => {
    const { stdout, code, stderr } = await cast(["proof", onDevnet, "0", "1", "--rpc-url", server.url]);
    expect(code, stderr).toBe(0);
    const answer = JSON.parse(stdout) as { storageProof: { value: string }[] };
    expect(answer.storageProof.map((entry) => BigInt(entry.value))).toEqual([3n, 0n]);
  });
});

describe("state reads on the devnet alone", () => {
  let server: DevnetServer;
  let rpc: Rpc;

  beforeAll(async () => {
    server = await startDevnetServer();
    rpc = new Rpc(server.url);
    await counterScenario(server.url);
  });

  afterAll(async () => {
    await server?.close();
  });

  it("eth_getHeaderByNumber and ByHash answer the block's header fields", async () => {
    const block = await rpc.call<Record<string, unknown>>("eth_getBlockByNumber", "0x2", false);
    const { transactions: _t, uncles: _u, size: _s, totalDifficulty: _d, withdrawals: _w, ...header } = block;
    expect(await rpc.call("eth_getHeaderByNumber", "0x2")).toEqual(header);
    expect(await rpc.call("eth_getHeaderByHash", block.hash)).toEqual(header);
    expect(await rpc.call("eth_getHeaderByNumber", "0x99")).toBeNull();
    expect(await rpc.call("eth_getHeaderByHash", `0x${"00".repeat(32)}`)).toBeNull();
    const latest = await rpc.call<{ number: string }>("eth_getHeaderByNumber", "latest");
    expect(latest.number).toBe(await rpc.call("eth_blockNumber"));
  });

  it("a proof at the head shows a state edit; once mined, it verifies against the new block", async () => {
    const { client } = clientsOn(server.url);
    await rpc.call("anvil_setBalance", stranger, "0x1234");
    const edited = await client.getProof({ address: stranger, storageKeys: [] });
    expect(edited.balance).toBe(0x1234n);
    await rpc.call("evm_mine");
    const block = await client.getBlock();
    await verifyProof(
      await client.getProof({ address: stranger, storageKeys: [], blockNumber: block.number }),
      block.stateRoot,
    );
  });

  it("takes short storage keys (as geth) and answers them as 32-byte words", async () => {
    const answer = await rpc.call<{ storageProof: { key: string }[] }>(
      "eth_getProof",
      ANVIL_DEV_ADDRESSES[0],
      ["0x0", "0x01"],
      "latest",
    );
    expect(answer.storageProof.map((entry) => entry.key)).toEqual([SLOT_0, SLOT_1]);
  });

  it("refuses bad parameters with -32602 naming the argument", async () => {
    for (const [method, params, where] of [
      ["eth_getProof", ["0x12", [], "latest"], "argument 0"],
      ["eth_getProof", [stranger, "0x0", "latest"], "argument 1"],
      ["eth_getProof", [stranger, ["0xzz"], "latest"], "argument 1"],
      ["eth_getAccount", [stranger, "soon"], "argument 1"],
      ["eth_getHeaderByNumber", ["0xnope"], "argument 0"],
      ["eth_getHeaderByHash", ["0x12"], "argument 0"],
    ] as const) {
      const { error } = await rpc.envelope(method, [...params]);
      expect(error?.code, method).toBe(-32602);
      expect(error?.message, method).toContain(where);
    }
    const { error } = await rpc.envelope("eth_getProof", [stranger, [], "0x999"]);
    expect(error?.code).toBe(-32602);
  });
});
