import { keccak256 } from "../../../crypto/nativeCrypto.js";
import { toData } from "../../format/quantity.js";
import { hexData } from "../../params/hex.js";
import { define } from "../define.js";

/** keccak-256 of the given bytes. */
export const web3_sha3 = define({
  name: "web3_sha3",
  params: [hexData],
  handler: (_, [data]) => toData(keccak256(data)),
});
