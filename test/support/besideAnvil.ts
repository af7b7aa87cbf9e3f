/** A devnet and a real anvil side by side, each with a JSON-RPC client: tests that compare answers. */
import { afterAll, beforeAll } from "vitest";
import { startAnvil } from "./anvil.js";
import { Rpc, startDevnetServer } from "./devnetServer.js";

export interface BesideAnvil {
  ours: Rpc;
  theirs: Rpc;
  close(): Promise<void>;
}

/** Both started at once, with their default dev accounts (the same mnemonic). */
export async function startBesideAnvil(): Promise<BesideAnvil> {
  const [server, anvil] = await Promise.all([startDevnetServer(), startAnvil()]);
  return {
    ours: new Rpc(server.url),
    theirs: new Rpc(anvil.url),
    close: async () => {
      await Promise.all([server.close(), anvil.stop()]);
    },
  };
}

/**
 * Both started before the test file's tests and closed after them; `ours` and `theirs` are
 * read inside the tests.
 */
export function besideAnvilForTests(): Omit<BesideAnvil, "close"> {
  let both: BesideAnvil | undefined;
  beforeAll(async () => {
    both = await startBesideAnvil();
  });
  afterAll(async () => {
    await both?.close();
  });
  const started = () => {
    if (both === undefined) throw new Error("the devnet and anvil start before the tests");
    return both;
  };
  return {
    get ours() {
      return started().ours;
    },
    get theirs() {
      return started().theirs;
    },
  };
}
