/** `pevm-devnet` (no subcommand): start a devnet, print the banner, serve until Ctrl-C. */
import { createDevnet } from "../../createDevnet.js";
import type { MiningMode } from "../../devnet/Devnet.js";
import type { CliOptions } from "../args.js";
import { banner } from "./banner.js";

export async function runDevnet(options: CliOptions): Promise<void> {
  const mining: MiningMode =
    options.mining.mode === "interval"
      ? { mode: "interval", seconds: options.mining.blockTime }
      : options.mining;
  const handle = await createDevnet({
    chainId: options.chainId,
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
    ...(options.silent ? {} : { onRequest: (method: string) => console.log(method) }),
  });
  const { url } = await handle.listen({ host: options.host, port: options.port });
  const execution = options.sequential ? "sequential" : `parallel, ${options.threads} worker threads`;
  if (!options.silent) console.log(banner(handle.devnet, url.replace(/^http:\/\//, ""), execution));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}
