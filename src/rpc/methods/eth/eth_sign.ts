import type { Wallet } from "ethers";
import type { Devnet } from "../../../devnet/Devnet.js";
import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { address, hexData } from "../../params/hex.js";
import { define } from "../define.js";

/**
 * A dev account's wallet, or the error anvil gives for an address it holds no key for. ethers is
 * loaded on the first signature: messages are signed rarely, and loading it with the devnet
 * made every devnet (and each test run's) start ~0.2 s slower.
 */
export async function devWallet(devnet: Devnet, signer: string): Promise<Wallet> {
  const key = devnet.keyOf(signer);
  if (key === undefined) throw new InvalidParamsError("No Signer available");
  const { Wallet } = await import("ethers");
  return new Wallet(`0x${Buffer.from(key).toString("hex")}`);
}

/** EIP-191 personal message signature (eth_sign takes the address first). */
export const eth_sign = define({
  name: "eth_sign",
  params: [address, hexData],
  handler: async ({ devnet }, [signer, message]) => (await devWallet(devnet, signer)).signMessage(message),
});
