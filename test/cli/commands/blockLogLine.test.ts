import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockLogLine } from "../../../src/cli/commands/blockLogLine.js";
import type { MinedBlock } from "../../../src/devnet/chain/types.js";
import { createDevnet, type DevnetHandle } from "../../../src/rpc/createDevnet.js";

let handle: DevnetHandle;
let mined: MinedBlock;

beforeAll(async () => {
  handle = await createDevnet({ sequential: true });
  const [from, to] = (await handle.request({ method: "eth_accounts" })) as string[];
  await handle.request({ method: "eth_sendTransaction", params: [{ from, to, value: "0x1" }] });
  mined = handle.devnet.head;
});
afterAll(async () => {
  await handle.close();
});

describe("blockLogLine", () => {
  it("says a mined block's number, transactions, gas, time and that it ran sequentially", () => {
    expect(mined.ran).toEqual({ executor: "sequential" });
    expect(blockLogLine(mined)).toMatch(/^Block 1: 1 transaction, 21,000 gas, \d+ ms, sequential$/);
  });

  it("says on how many threads a parallel block ran and its speedup", () => {
    const parallel = { ...mined, ran: { executor: "parallel", threads: 2, speedup: 1.43 } } as const;
    expect(blockLogLine(parallel)).toMatch(/, parallel 2 threads, 1\.43x$/);
    const unmeasured = { ...mined, ran: { executor: "parallel", threads: 4 } } as const;
    expect(blockLogLine(unmeasured)).toMatch(/, parallel 4 threads$/);
  });

  it("says when the engine failed and the block ran sequentially", () => {
    const fellBack = { ...mined, ran: { executor: "sequential", fellBack: "worker 1 exited" } } as const;
    expect(blockLogLine(fellBack)).toMatch(/, sequential \(parallel failed: worker 1 exited\)$/);
  });
});
