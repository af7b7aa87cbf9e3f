import { Wallet } from "ethers";
import type { Devnet } from "../../../devnet/Devnet.js";
import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { address, hexData } from "../../params/hex.js";
import { define } from "../define.js";

/** A dev account's wallet, or the error anvil gives for an address it holds no key for. */
export function devWallet(devnet: Devnet, signer: string): Wallet {
  const key = devnet.keyOf(signer);
  if (key === undefined) throw new InvalidParamsError("No Signer available");
  return new Wallet(`0x${Buffer.from(key).toString("hex")}`);
}

/** EIP-191 personal message signature (eth_sign takes the address first). */
export const eth_sign = define({
  name: "eth_sign",
  params: [address, hexData],
  handler: ({ devnet }, [signer, message]) => devWallet(devnet, signer).signMessage(message),
});
