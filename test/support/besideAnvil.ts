/** A devnet and a real anvil side by side, each with a JSON-RPC client: tests that compare answers. */
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
