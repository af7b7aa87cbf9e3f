import { address, hexData } from "../../params/hex.js";
import { define } from "../define.js";
import { devWallet } from "./eth_sign.js";

/** EIP-191 personal message signature (personal_sign takes the message first). */
export const personal_sign = define({
  name: "personal_sign",
  params: [hexData, address],
  handler: async ({ devnet }, [message, signer]) => (await devWallet(devnet, signer)).signMessage(message),
});
