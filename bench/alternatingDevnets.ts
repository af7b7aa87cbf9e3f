/**
 * Section B's default devnet against `--sequential`, round after round, the order flipping each
 * round so that the machine's load weighs on both alike: `measure` runs one round on a devnet of
 * its own making (threads undefined: `--sequential`), over a RawTxSender that lasts all rounds.
 */
import { note } from "./progress.ts";
import { RawTxSender } from "./rawTxSender.ts";

export const SEQUENTIAL_CLIENT = "pevm-devnet, sequential";
export const DEFAULT_CLIENT = "pevm-devnet (default)";

/** Each client's results, in round order. */
export async function alternatingDevnets<T>(
  options: { rounds: number; threads: number; what: string },
  measure: (sender: RawTxSender, threads: number | undefined) => Promise<T>,
): Promise<Map<string, T[]>> {
  const results = new Map<string, T[]>();
  const sender = new RawTxSender();
  await sender.started();
  try {
    for (let round = 0; round < options.rounds; round++) {
      const pair = [undefined, options.threads];
      for (const threads of round % 2 === 0 ? pair : pair.reverse()) {
        const client = threads === undefined ? SEQUENTIAL_CLIENT : DEFAULT_CLIENT;
        note(`B: ${client}, ${options.what}, round ${round + 1}`);
        const result = await measure(sender, threads);
        results.set(client, [...(results.get(client) ?? []), result]);
      }
    }
  } finally {
    await sender.close();
  }
  return results;
}
