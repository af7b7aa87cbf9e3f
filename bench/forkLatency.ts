/**
 * Section D: a forked chain whose remote is 20 ms away. A local anvil holds a token and 200
 * holders with tokens and ETH; a proxy of ours (test/support/rpcProxy.ts) in front of it adds
 * the delay to every round trip and counts them. A devnet forks it through the proxy with a cold
 * cache (no disk cache, nothing loaded), takes 200 transfers, one from each holder to a fresh
 * address, into its pool (admission loads each sender's account: untimed), and mines them as one
 * block: timed, with the round trips it made. An untimed block of dev-account transfers first
 * starts the engine's workers. Once with `--sequential` (each transaction loads
 * what it reads one round trip at a time, as a node executing in order does), once in parallel
 * (the transactions' first executions run together and their misses go out as one batch per
 * round; the block then runs on the engine).
 *
 * `node bench/forkLatency.ts [--holders N] [--delay MS]` runs it alone.
 */
import { readFileSync } from "node:fs";
import { Interface } from "ethers";
import { createDevnet } from "../dist/rpc/createDevnet.js";
import { startRpcProxy } from "../test/support/rpcProxy.ts";
import { JsonRpcClient } from "./jsonRpc.ts";
import { startAnvil } from "./peers.ts";
import { note } from "./progress.ts";

export interface ForkRow {
  executor: "sequential" | "parallel";
  transactions: number;
  delayMs: number;
  mineMs: number;
  /** Round trips to the remote while mining. */
  roundTrips: number;
  /** Calls in those round trips (a batch counts each). */
  calls: number;
  /** How the devnet says it ran the block. */
  ran: string;
}

/** The speedup the issue asks of parallel over sequential mining on a 20 ms remote. */
export const FORK_TARGET_SPEEDUP = 10;

const artifact = JSON.parse(
  readFileSync(new URL("../examples/contracts/artifacts/Token.json", import.meta.url), "utf8"),
) as { abi: unknown[]; bytecode: string };
const token = new Interface(artifact.abi as never);

export async function measureForkLatency(options: { holders: number; delayMs: number }): Promise<ForkRow[]> {
  const anvil = await startAnvil(["--gas-limit", "100000000"]);
  try {
    const remote = new JsonRpcClient(anvil.url);
    const deployer = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    const holders = Array.from({ length: options.holders }, (_, i) => address(0x100000 + i));
    note(`D: filling anvil with a token and ${holders.length} holders`);
    await remote.call("evm_setAutomine", [false]);
    const deployHash = await remote.call<string>("eth_sendTransaction", [
      {
        from: deployer,
        data: artifact.bytecode + token.encodeDeploy(["Token", "TKN", 0n]).slice(2),
        gas: "0x500000",
      },
    ]);
    await remote.call("evm_mine");
    const receipt = await remote.call<{ contractAddress: string }>("eth_getTransactionReceipt", [deployHash]);
    const tokenAddress = receipt.contractAddress;
    for (const holder of holders) {
      await remote.call("eth_sendTransaction", [
        {
          from: deployer,
          to: tokenAddress,
          data: token.encodeFunctionData("mint", [holder, 1000n]),
          gas: "0x20000",
        },
      ]);
      await remote.call("anvil_setBalance", [holder, "0xde0b6b3a7640000"]);
    }
    await remote.call("evm_mine");
    const forkBlock = BigInt(await remote.call<string>("eth_blockNumber"));

    const rows: ForkRow[] = [];
    for (const executor of ["sequential", "parallel"] as const) {
      const proxy = await startRpcProxy(anvil.url, { delayMs: options.delayMs });
      const handle = await createDevnet({
        fork: { url: proxy.url, blockNumber: forkBlock, noStorageCaching: true },
        sequential: executor === "sequential",
        learnExecutor: false,
        // Every block on the engine: the warm-up block too.
        minParallelTransactions: 1,
        minParallelCodeShare: 0,
        mining: { mode: "manual" },
        gasLimit: 100_000_000n,
      });
      try {
        // Warm-up, untimed: a block of dev-account transfers starts the engine's workers and
        // touches none of the token's state.
        const dev = handle.devnet.accounts.map((account) => account.address);
        for (const [i, from] of dev.slice(0, 4).entries()) {
          await handle.request({
            method: "eth_sendTransaction",
            params: [{ from, to: dev[i + 4], value: "0x1", data: "0x01" }],
          });
        }
        await handle.devnet.mine();
        for (const [i, holder] of holders.entries()) {
          await handle.request({ method: "anvil_impersonateAccount", params: [holder] });
          const data = token.encodeFunctionData("transfer", [address(0x200000 + i), 1n]);
          await handle.request({
            method: "eth_sendTransaction",
            params: [{ from: holder, to: tokenAddress, data, gas: "0x20000" }],
          });
        }
        proxy.reset();
        note(`D: mining ${holders.length} transfers over a ${options.delayMs} ms remote, ${executor}`);
        const started = performance.now();
        const mined = await handle.devnet.mine();
        const mineMs = performance.now() - started;
        if (mined.block.transactions.length !== holders.length) {
          throw new Error(`mined ${mined.block.transactions.length} of ${holders.length} transfers`);
        }
        const ran = mined.ran;
        rows.push({
          executor,
          transactions: holders.length,
          delayMs: options.delayMs,
          mineMs,
          roundTrips: proxy.roundTrips,
          calls: proxy.calls,
          ran:
            ran === undefined
              ? "?"
              : ran.executor === "parallel"
                ? `parallel ${ran.threads} threads`
                : `sequential${ran.fellBack === undefined ? "" : ` (fell back: ${ran.fellBack})`}`,
        });
      } finally {
        await handle.close();
        await proxy.close();
      }
    }
    return rows;
  } finally {
    await anvil.stop();
  }
}

function address(n: number): string {
  return `0x${n.toString(16).padStart(40, "0")}`;
}

if (process.argv[1]?.endsWith("forkLatency.ts")) {
  const flag = (name: string, fallback: number) => {
    const at = process.argv.indexOf(name);
    return at === -1 ? fallback : Number(process.argv[at + 1]);
  };
  const rows = await measureForkLatency({ holders: flag("--holders", 200), delayMs: flag("--delay", 20) });
  console.table(rows);
  const [sequential, parallel] = rows;
  if (sequential !== undefined && parallel !== undefined)
    console.log(`parallel / sequential: ${(sequential.mineMs / parallel.mineMs).toFixed(1)}x`);
}
