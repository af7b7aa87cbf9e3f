import { HDNodeWallet } from "ethers";

/** A funded account whose key the devnet holds (eth_accounts, eth_sendTransaction, eth_sign). */
export interface DevAccount {
  /** Lowercase 0x address. */
  address: string;
  /** 0x-prefixed 32-byte private key. */
  privateKey: string;
}

export const DEFAULT_MNEMONIC = "test test test test test test test test test test test junk";

/**
 * Accounts derived so far, by mnemonic: a process that opens many devnets (a test suite's
 * connections) derives the keys once; each derivation costs milliseconds.
 */
const derived = new Map<string, DevAccount[]>();

/** Derives `count` accounts along m/44'/60'/0'/0/i, as anvil and Hardhat do. */
export function deriveDevAccounts(mnemonic: string, count: number): DevAccount[] {
  const known = derived.get(mnemonic) ?? [];
  if (known.length < count) {
    const root = HDNodeWallet.fromPhrase(mnemonic, "", "m/44'/60'/0'/0");
    for (let i = known.length; i < count; i++) {
      const wallet = root.deriveChild(i);
      known.push({ address: wallet.address.toLowerCase(), privateKey: wallet.privateKey });
    }
    derived.set(mnemonic, known);
  }
  return known.slice(0, count).map((account) => ({ ...account }));
}
