import { HDNodeWallet } from "ethers";

/** A funded account whose key the devnet holds (eth_accounts, eth_sendTransaction, eth_sign). */
export interface DevAccount {
  /** Lowercase 0x address. */
  address: string;
  /** 0x-prefixed 32-byte private key. */
  privateKey: string;
}

export const DEFAULT_MNEMONIC = "test test test test test test test test test test test junk";

/** Derives `count` accounts along m/44'/60'/0'/0/i, as anvil and Hardhat do. */
export function deriveDevAccounts(mnemonic: string, count: number): DevAccount[] {
  const root = HDNodeWallet.fromPhrase(mnemonic, "", "m/44'/60'/0'/0");
  const accounts: DevAccount[] = [];
  for (let i = 0; i < count; i++) {
    const wallet = root.deriveChild(i);
    accounts.push({ address: wallet.address.toLowerCase(), privateKey: wallet.privateKey });
  }
  return accounts;
}
