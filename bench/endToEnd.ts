/**
 * Section B: the whole path a user's tool takes. Pre-signed raw ERC-20 transfers go to
 * `eth_sendRawTransaction` over HTTP, one request awaited after the other, from a client on its
 * own thread (RawTxSender, with the lean client of leanHttpClient.ts), as a tool in another
 * process would send them. `--bench-peers` measures a live anvil and a live `hardhat node` with
 * the same client, the fair comparison: DESIGN.md's figures came from an unknown client.
 * - automine: hardhat node answers each request once its block is mined; anvil and pevm-devnet
 *   once the transaction is admitted, mining it right after (pevm-devnet's next request waits
 *   for that block). A run ends when the last transfer's receipt is readable;
 * - one block: the chain does not mine (manual mode, block gas limit 100M so every transfer
 *   fits); after the last send one block is mined with all of them, through the in-process
 *   handle (`devnet.mine()`) for the devnet, `evm_mine` for the peers. Timed from the first send to
 *   the mined block. The devnet runs it once with the sequential executor and once with the
 *   parallel one; the peers mine with `evm_mine`.
 * Every chain first takes the load's setup and warm-up transactions (untimed; in one-block mode
 * each as a block of its own).
 */
import { bytesToHex } from "@ethereumjs/util";
import { createDevnet } from "../dist/rpc/createDevnet.js";
import { JsonRpcClient } from "./jsonRpc.ts";
import { startAnvil, startHardhatNode } from "./peers.ts";
import { note } from "./progress.ts";
import { RawTxSender } from "./rawTxSender.ts";
import { median, perSecond } from "./stats.ts";
import type { TransferLoad } from "./transferLoad.ts";

/** "one block, fresh": the same block on a chain that took the setup and no warm-up blocks. */
export type HttpMode = "automine" | "one block" | "one block, fresh";

/** What DESIGN.md measured on this kind of machine (1,000 ERC-20 transfers as raw txs over HTTP). */
export const REFERENCE_TX_PER_SECOND: Record<HttpMode, { anvil: number; hardhat: number }> = {
  automine: { anvil: 356, hardhat: 1_020 },
  "one block": { anvil: 4_494, hardhat: 1_120 },
  "one block, fresh": { anvil: 4_494, hardhat: 1_120 },
};

const ONE_BLOCK_GAS_LIMIT = 100_000_000n;

export interface HttpRun {
  /** "pevm-devnet" (with its executor where it matters), "anvil" or "hardhat node". */
  client: string;
  mode: HttpMode;
  transactions: number;
  sendMs: number;
  /** From the last send to the last receipt readable (one block: includes mining the block). */
  mineMs: number;
  totalMs: number;
  txPerSecond: number;
  /** The devnet's word on how it executed the one block ("parallel 2 threads, 1.4x", "sequential"). */
  ran?: string;
  /** Runs the times are medians of, where more than one. */
  rounds?: number;
}

/** A chain reachable over HTTP, set up and warmed up, ready for the timed sends. */
interface Target {
  client: string;
  mode: HttpMode;
  url: string;
  /** One-block mode: mines the pooled transactions as one block, returns how many it holds. */
  mineOneBlock?: () => Promise<number>;
  /** How the last block mined was executed, where the chain says. */
  ran?: () => string | undefined;
  close(): Promise<void>;
}

export async function measureEndToEnd(
  load: TransferLoad,
  count: number,
  options: { peers: boolean; threads: number; rounds?: number },
): Promise<HttpRun[]> {
  const transfers = load.transfers.slice(0, count).map((raw) => bytesToHex(raw));
  const targets: (() => Promise<Target>)[] = [];
  // Automine against the live `hardhat node` (its target's reference), round after round, the
  // order flipping each round: one run each swung with the host's load (0.9x-1.3x).
  for (let round = 0; round < Math.max(1, options.rounds ?? 1); round++) {
    const pair = [() => devnetTarget("automine", load, undefined)];
    if (options.peers) pair.push(() => hardhatTarget("automine", load));
    targets.push(...(round % 2 === 0 ? pair : pair.reverse()));
  }
  // The default devnet against --sequential, round after round, the order flipping each round:
  // judged on the medians, so that one slow phase of the host does not decide it.
  for (let round = 0; round < (options.rounds ?? 1); round++) {
    for (const mode of ["one block", "one block, fresh"] as const) {
      const pair = [
        () => devnetTarget(mode, load, undefined),
        () => devnetTarget(mode, load, options.threads),
      ];
      targets.push(...(round % 2 === 0 ? pair : pair.reverse()));
    }
  }
  if (options.peers)
    targets.push(
      () => anvilTarget("automine", load),
      () => anvilTarget("one block", load),
      () => hardhatTarget("one block", load),
    );
  const sender = new RawTxSender();
  await sender.started();
  const runs: HttpRun[] = [];
  try {
    for (const open of targets) {
      const target = await open();
      try {
        note(`B: ${target.client} ${target.mode}, ${transfers.length} raw transfers over HTTP`);
        runs.push(await sendAll(sender, target, transfers));
      } finally {
        await target.close();
      }
    }
  } finally {
    await sender.close();
  }
  return medianRuns(runs);
}

/** One run per client and mode: the medians of its rounds, and how its last round ran. */
function medianRuns(runs: HttpRun[]): HttpRun[] {
  const groups = new Map<string, HttpRun[]>();
  for (const run of runs) {
    const key = `${run.client}\u0000${run.mode}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const last = group[group.length - 1] as HttpRun;
    if (group.length === 1) return last;
    const of = (key: "sendMs" | "mineMs" | "totalMs") => median(group.map((run) => run[key]));
    return {
      ...last,
      sendMs: of("sendMs"),
      mineMs: of("mineMs"),
      totalMs: of("totalMs"),
      txPerSecond: perSecond(last.transactions, of("totalMs")),
      rounds: group.length,
    };
  });
}

async function sendAll(sender: RawTxSender, target: Target, transfers: string[]): Promise<HttpRun> {
  const rpc = new JsonRpcClient(target.url);
  const started = performance.now();
  const lastHash = await sender.send(target.url, transfers);
  const sent = performance.now();
  if (target.mineOneBlock !== undefined) {
    const included = await target.mineOneBlock();
    if (included !== transfers.length) {
      throw new Error(`B: ${target.client} mined ${included} of ${transfers.length} transfers in one block`);
    }
  }
  const receipt = await waitForReceipt(rpc, lastHash);
  const mined = performance.now();
  if (receipt.status !== "0x1") throw new Error(`B: ${target.client}: the last transfer failed`);
  return {
    client: target.client,
    mode: target.mode,
    transactions: transfers.length,
    sendMs: sent - started,
    mineMs: mined - sent,
    totalMs: mined - started,
    txPerSecond: perSecond(transfers.length, mined - started),
    ...(target.ran?.() === undefined ? {} : { ran: target.ran?.() as string }),
  };
}

async function waitForReceipt(rpc: JsonRpcClient, hash: string): Promise<{ status: string }> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const receipt = await rpc.call<{ status: string } | null>("eth_getTransactionReceipt", [hash]);
    if (receipt !== null) return receipt;
    if (performance.now() > deadline) throw new Error(`no receipt for ${hash} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Sends the setup and warm-up transactions; `mine` (one-block mode) mines each list as a block. */
async function prepare(
  chain: JsonRpcClient | { request(args: { method: string; params?: unknown[] }): Promise<unknown> },
  load: TransferLoad,
  mine?: () => Promise<unknown>,
): Promise<void> {
  const call = <T>(method: string, params: unknown[]): Promise<T> =>
    chain instanceof JsonRpcClient
      ? chain.call<T>(method, params)
      : (chain.request({ method, params }) as Promise<T>);
  for (const list of [load.setup, ...load.warmUp]) {
    let last = "";
    for (const raw of list) last = await call<string>("eth_sendRawTransaction", [bytesToHex(raw)]);
    if (mine !== undefined) await mine();
    const receipt = await call<{ status: string } | null>("eth_getTransactionReceipt", [last]);
    if (chain instanceof JsonRpcClient && receipt === null) await waitForReceipt(chain, last);
  }
}

/** The devnet in-process; `threads` undefined: sequential execution, else parallel on that many. */
async function devnetTarget(
  mode: HttpMode,
  load: TransferLoad,
  threads: number | undefined,
): Promise<Target> {
  const executor = threads === undefined ? { sequential: true } : { sequential: false, threads };
  // As `npx pevm-devnet` starts it: the engine's workers start in the background at once.
  const handle =
    mode === "automine"
      ? await createDevnet({ warmUpWorkers: true })
      : await createDevnet({
          mining: { mode: "manual" },
          gasLimit: ONE_BLOCK_GAS_LIMIT,
          warmUpWorkers: true,
          ...executor,
        });
  const { url } = await handle.listen({ port: 0 });
  if (mode === "one block, fresh") {
    // The setup and warm-up blocks run on another devnet, whose state this one loads: a devnet
    // that has executed nothing yet (cold workers, no history) mines the timed block.
    const prepared = await createDevnet({
      mining: { mode: "manual" },
      gasLimit: ONE_BLOCK_GAS_LIMIT,
      sequential: true,
    });
    await prepare(prepared, load, () => prepared.devnet.mine());
    await handle.devnet.load(await prepared.devnet.dump());
    await prepared.close();
  } else {
    // evm_mine may not exist yet: mine through the in-process handle.
    await prepare(new JsonRpcClient(url), load, mode === "automine" ? undefined : () => handle.devnet.mine());
  }
  const client =
    mode === "automine"
      ? "pevm-devnet"
      : `pevm-devnet, ${threads === undefined ? "sequential" : `parallel ${threads} thr`}`;
  const target: Target = { client, mode, url, close: () => handle.close() };
  if (mode !== "automine") {
    target.mineOneBlock = async () => (await handle.devnet.mine()).block.transactions.length;
  }
  target.ran = () => {
    const ran = handle.devnet.head.ran;
    if (ran === undefined) return undefined;
    if (ran.executor === "sequential")
      return ran.fellBack === undefined ? "sequential" : "sequential (fell back)";
    return `parallel ${ran.threads} thr${ran.speedup === undefined ? "" : `, ${ran.speedup.toFixed(2)}x`}`;
  };
  return target;
}

async function anvilTarget(mode: HttpMode, load: TransferLoad): Promise<Target> {
  const anvil = await startAnvil(mode === "automine" ? [] : ["--gas-limit", String(ONE_BLOCK_GAS_LIMIT)]);
  return peerTarget("anvil", mode, load, anvil);
}

async function hardhatTarget(mode: HttpMode, load: TransferLoad): Promise<Target> {
  const node = await startHardhatNode();
  if (mode === "one block") {
    const rpc = new JsonRpcClient(node.url);
    await rpc.call("evm_setBlockGasLimit", [`0x${ONE_BLOCK_GAS_LIMIT.toString(16)}`]);
    await rpc.call("evm_mine"); // the new limit applies from the next block on
  }
  return peerTarget("hardhat node", mode, load, node);
}

async function peerTarget(
  client: string,
  mode: HttpMode,
  load: TransferLoad,
  peer: { url: string; stop(): Promise<void> },
): Promise<Target> {
  const rpc = new JsonRpcClient(peer.url);
  if (mode === "one block") await rpc.call("evm_setAutomine", [false]);
  await prepare(rpc, load, mode === "automine" ? undefined : () => rpc.call("evm_mine"));
  const target: Target = { client, mode, url: peer.url, close: peer.stop };
  if (mode === "one block") {
    target.mineOneBlock = async () => {
      await rpc.call("evm_mine");
      const block = await rpc.call<{ transactions: string[] }>("eth_getBlockByNumber", ["latest", false]);
      return block.transactions.length;
    };
  }
  return target;
}
