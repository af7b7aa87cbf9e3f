/**
 * BLOCKHASH of the blocks at or before the fork block, on a devnet forking a real anvil: the
 * remote's hashes, fetched on first use, in eth_call and in mined blocks, on the sequential
 * executor and on the parallel engine.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_ADDRESSES, type AnvilInstance, startAnvil } from "../../support/anvil.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../support/devnetServer.js";

/** Runtime code: stores blockhash(n) at slot n, n the first calldata word, and returns it. */
const BLOCKHASH_CODE = "0x600035804080600052905560206000f3";
const contract = "0x00000000000000000000000000000000000b1ab0";

let anvil: AnvilInstance;
let remote: Rpc;
let forkBlock: bigint;

function word(n: bigint): string {
  return `0x${n.toString(16).padStart(64, "0")}`;
}

async function remoteHash(number: bigint): Promise<string> {
  const block = await remote.call<{ hash: string }>(
    "eth_getBlockByNumber",
    `0x${number.toString(16)}`,
    false,
  );
  return block.hash;
}

beforeAll(async () => {
  anvil = await startAnvil();
  remote = new Rpc(anvil.url);
  await remote.call("anvil_mine", "0x14");
  forkBlock = BigInt(await remote.call<string>("eth_blockNumber"));
}, 30_000);

afterAll(async () => anvil?.stop());

describe("BLOCKHASH on a forked devnet", () => {
  for (const sequential of [true, false]) {
    describe(sequential ? "sequential" : "parallel", () => {
      let server: DevnetServer;
      let rpc: Rpc;

      beforeAll(async () => {
        server = await startDevnetServer({
          fork: { url: anvil.url, blockNumber: forkBlock, noStorageCaching: true, retries: 0 },
          sequential,
          threads: 2,
          minParallelTransactions: 2,
          learnExecutor: false,
          mining: { mode: "manual" },
        });
        rpc = new Rpc(server.url);
        await rpc.call("anvil_setCode", contract, BLOCKHASH_CODE);
      }, 30_000);
      afterAll(async () => server?.close());

      it("eth_call sees the remote's hashes of the blocks before the fork block", async () => {
        for (const n of [1n, forkBlock - 5n, forkBlock - 1n]) {
          expect(await rpc.call("eth_call", { to: contract, data: word(n) }, "latest")).toBe(
            await remoteHash(n),
          );
        }
        // Not yet in BLOCKHASH's window of the fork block itself.
        expect(await rpc.call("eth_call", { to: contract, data: word(forkBlock) }, "latest")).toBe(word(0n));
      });

      it("a mined block's transactions see them too, the fork block's included", async () => {
        const numbers = [forkBlock, forkBlock - 2n, forkBlock - 7n, 3n];
        for (const [i, n] of numbers.entries()) {
          await rpc.call("eth_sendTransaction", {
            from: ANVIL_DEV_ADDRESSES[i],
            to: contract,
            data: word(n),
            gas: "0x20000",
          });
        }
        await rpc.call("evm_mine");
        const block = await rpc.call<{ transactions: string[] }>("eth_getBlockByNumber", "latest", false);
        expect(block.transactions).toHaveLength(numbers.length);
        expect(server.devnet.head.ran).toEqual(
          sequential ? { executor: "sequential" } : expect.objectContaining({ executor: "parallel" }),
        );
        for (const n of numbers)
          expect(await rpc.call("eth_getStorageAt", contract, word(n), "latest")).toBe(await remoteHash(n));
      });
    });
  }
});
