/**
 * Section B, a payout: one dev account pays 1,000 fresh accounts in one block, as a test suite
 * funds its users or a script airdrops ETH. Raw, pre-signed ETH transfers sent over HTTP
 * (RawTxSender), then `evm_mine`, timed; the default devnet (which applies plain transfers to the
 * state without the EVM where it runs a block in order) against `--sequential` (every transaction
 * through runTx), in alternating rounds, each on a fresh devnet.
 */
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { DEFAULT_MNEMONIC, deriveDevAccounts } from "../dist/devnet/accounts/devAccounts.js";
import { createDevnet } from "../dist/rpc/createDevnet.js";
import { alternatingDevnets } from "./alternatingDevnets.ts";
import { JsonRpcClient } from "./jsonRpc.ts";
import type { RawTxSender } from "./rawTxSender.ts";
import { createBenchCommon, freshAddress, signTx } from "./signing.ts";
import { median } from "./stats.ts";

export interface PayoutRun {
  client: string;
  transfers: number;
  /** `evm_mine` of the block, median over the rounds. */
  mineMs: number;
  rounds: number;
}

/** Transfers to the same kind of fresh accounts mined before the timed block (JIT, caches). */
const WARM_UP_TRANSFERS = 200;

export async function measureDevnetPayout(options: {
  transfers: number;
  rounds: number;
  threads: number;
}): Promise<PayoutRun[]> {
  const [payer] = deriveDevAccounts(DEFAULT_MNEMONIC, 1);
  if (payer === undefined) throw new Error("no dev account");
  const from = { address: payer.address, privateKey: hexToBytes(payer.privateKey as `0x${string}`) };
  const common = createBenchCommon();
  const signed = Array.from({ length: WARM_UP_TRANSFERS + options.transfers }, (_, i) =>
    bytesToHex(
      signTx(common, {
        from,
        nonce: BigInt(i),
        to: freshAddress(0xd0, i),
        value: 1n,
        gasLimit: 21_000n,
      }).serialize(),
    ),
  );
  const warmUp = signed.slice(0, WARM_UP_TRANSFERS);
  const timed = signed.slice(WARM_UP_TRANSFERS);
  const runs = await alternatingDevnets(
    { ...options, what: `a payout of ${options.transfers} transfers in one block` },
    (sender, threads) => mineOnce(sender, warmUp, timed, threads),
  );
  return [...runs].map(([client, mineMs]) => ({
    client,
    transfers: options.transfers,
    mineMs: median(mineMs),
    rounds: mineMs.length,
  }));
}

async function mineOnce(
  sender: RawTxSender,
  warmUp: string[],
  timed: string[],
  threads: number | undefined,
): Promise<number> {
  const handle = await createDevnet({
    mining: { mode: "manual" },
    gasLimit: 100_000_000n,
    ...(threads === undefined ? { sequential: true } : { sequential: false, threads }),
  });
  try {
    const { url } = await handle.listen({ port: 0 });
    const rpc = new JsonRpcClient(url);
    await sender.send(url, warmUp);
    await rpc.call("evm_mine", []);
    await sender.send(url, timed);
    const started = performance.now();
    await rpc.call("evm_mine", []);
    return performance.now() - started;
  } finally {
    await handle.close();
  }
}
