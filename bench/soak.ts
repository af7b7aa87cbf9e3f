/**
 * Soak: a devnet mining as fast as it can for many blocks, a few transfers in each, and the
 * memory it holds at the end. `node bench/soak.ts [--blocks 100000] [--txs 3] [--prune-history N]`
 * after a build.
 * Prints RSS and heap every tenth of the run (stderr) and one JSON line at the end (stdout).
 */
import { createDevnet } from "../dist/rpc/createDevnet.js";

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? undefined : Number(process.argv[at + 1]);
  return value === undefined || !Number.isSafeInteger(value) || value < 0 ? fallback : value;
}

const blocks = flag("blocks", 100_000);
const txsPerBlock = flag("txs", 3);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

const prune = flag("prune-history", 0);
const handle = await createDevnet({
  mining: { mode: "manual" },
  ...(prune > 0 ? { pruneHistory: prune } : {}),
});
const { devnet } = handle;
const senders = devnet.accounts.map((account) => account.address);
const started = performance.now();
for (let block = 1; block <= blocks; block++) {
  for (let i = 0; i < txsPerBlock; i++) {
    const from = senders[(block * txsPerBlock + i) % senders.length] as string;
    const to = senders[(block * txsPerBlock + i + 1) % senders.length] as string;
    await handle.request({ method: "eth_sendTransaction", params: [{ from, to, value: "0x1" }] });
  }
  await handle.request({ method: "evm_mine" });
  if (block % Math.max(1, Math.floor(blocks / 10)) === 0) {
    const memory = process.memoryUsage();
    process.stderr.write(
      `block ${block}: rss ${mb(memory.rss)} MB, heap ${mb(memory.heapUsed)} MB, ${Math.round((block / (performance.now() - started)) * 1000)} blocks/s\n`,
    );
  }
}
globalThis.gc?.();
const memory = process.memoryUsage();
console.log(
  JSON.stringify({
    blocks,
    txsPerBlock,
    pruneHistory: prune > 0 ? prune : null,
    seconds: Math.round((performance.now() - started) / 1000),
    rssMB: mb(memory.rss),
    heapUsedMB: mb(memory.heapUsed),
    stateRootsKept: devnet.stateRootsKept,
  }),
);
await handle.close();
