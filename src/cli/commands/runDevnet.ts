/** `pevm-devnet` (no subcommand): start a devnet, print the banner, serve until Ctrl-C. */
import { existsSync } from "node:fs";
import type { Devnet } from "../../devnet/Devnet.js";
import type { MiningMode } from "../../devnet/mining/Miner.js";
import { forkOfDump } from "../../devnet/persistence/forkOfDump.js";
import { readStateFile, writeStateFile } from "../../devnet/persistence/stateFile.js";
import { scavengeOnCollectingThread } from "../../parallel/scavengerThreads.js";
import { createDevnet } from "../../rpc/createDevnet.js";
import type { CliOptions } from "../args.js";
import { banner } from "./banner.js";
import { blockLogLine } from "./blockLogLine.js";

export async function runDevnet(options: CliOptions): Promise<void> {
  if (!options.sequential) scavengeOnCollectingThread(options.threads);
  const mining: MiningMode =
    options.mining.mode === "interval"
      ? { mode: "interval", seconds: options.mining.blockTime }
      : options.mining;
  // --state loads the file when it exists; --load-state insists that it does.
  const loadFrom =
    options.loadState ??
    (options.state !== undefined && existsSync(options.state) ? options.state : undefined);
  const loaded = loadFrom === undefined ? undefined : await readStateFile(loadFrom);
  // A forked chain's dump forks its remote again, unless --fork-url names one.
  const dumpFork = options.fork === undefined ? forkOfDump(loaded) : undefined;
  const fork = options.fork ?? dumpFork?.fork;
  // The dump's chain id: it loads into no other.
  const chainId = dumpFork?.chainId ?? options.chainId;
  const handle = await createDevnet({
    ...(chainId === undefined ? {} : { chainId }),
    ...(fork === undefined ? {} : { fork }),
    accounts: options.accounts,
    balance: options.balanceWei,
    mnemonic: options.mnemonic,
    hardfork: options.hardfork,
    gasLimit: options.gasLimit,
    baseFee: options.baseFee,
    mining,
    order: options.order,
    threads: options.threads,
    sequential: options.sequential,
    ...(options.pruneHistory === undefined ? {} : { pruneHistory: options.pruneHistory }),
    // The workers start after the first large block (which runs sequentially), ready for the next.
    warmUpWorkers: true,
    ...(options.silent ? {} : { onRequest: (method: string) => console.log(method) }),
  });
  const { devnet } = handle;
  if (loaded !== undefined) await devnet.load(loaded);
  const saveTo = options.dumpState ?? options.state;
  const save = saveTo === undefined ? undefined : saver(devnet, saveTo);

  const { url } = await handle.listen({ host: options.host, port: options.port });
  const execution = options.sequential ? "sequential" : `parallel, ${options.threads} worker threads`;
  if (!options.silent) {
    console.log(banner(devnet, url.replace(/^http:\/\//, ""), execution));
    if (loadFrom !== undefined) console.log(`Loaded state from ${loadFrom} (block ${devnet.head.number})`);
    const fork = devnet.fork;
    if (fork !== undefined)
      console.log(`Forked chain ${fork.chainId} at block ${fork.point.number} (${fork.point.hash})`);
    devnet.on("block", (mined) => {
      if (devnet.loggingEnabled && mined.block.transactions.length > 0) console.log(blockLogLine(mined));
    });
  }

  let interval: NodeJS.Timeout | undefined;
  if (save !== undefined && options.state !== undefined && options.stateInterval !== undefined) {
    interval = setInterval(() => void save(), options.stateInterval * 1000);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(interval);
    await save?.();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

/** Saves the chain to `path`, one save at a time; a failed save is reported, not fatal. */
function saver(devnet: Devnet, path: string): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= (async () => {
      try {
        await writeStateFile(path, await devnet.dump());
      } catch (error) {
        console.error(
          `pevm-devnet: could not save the state to ${path}:`,
          error instanceof Error ? error.message : error,
        );
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
}
