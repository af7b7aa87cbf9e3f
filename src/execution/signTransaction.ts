/**
 * Signs a transaction with a private key: what ethereumjs' `tx.sign(key)` returns. An EIP-1559
 * transaction without an access list (what Hardhat's and ethers' clients send) is signed over the
 * same hash with the chain's signer and assembled field by field, without the constructor that
 * `sign` runs once more on the signed copy (its conversions and checks were the unsigned
 * transaction's already): a devnet signs every transaction its dev accounts send.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { bytesToBigInt } from "@ethereumjs/util";
import { keccak256 } from "../crypto/nativeCrypto.js";
import { feeMarketAssembler } from "./feeMarketAssembler.js";
import { rememberRaw } from "./rawTransaction.js";

/**
 * @example
 * const signed = signTransaction(unsigned, key); // signed.hash() as unsigned.sign(key).hash()
 */
export function signTransaction(unsigned: TypedTransaction, privateKey: Uint8Array): TypedTransaction {
  const ecsign = unsigned.common.customCrypto.ecsign;
  const assemble = feeMarketAssembler(unsigned);
  if (assemble === undefined || ecsign === undefined || privateKey.length !== 32)
    return unsigned.sign(privateKey);
  // ethereumjs' "recovered" format: the recovery byte, then r and s.
  const signature = ecsign(unsigned.getHashedMessageToSign(), privateKey);
  const signed = assemble(
    {
      v: BigInt(signature[0] as number),
      r: bytesToBigInt(signature.subarray(1, 33)),
      s: bytesToBigInt(signature.subarray(33, 65)),
    },
    true,
  );
  // Serialized once: its hash (the pool's key) and its bytes (the block's transactions root)
  // would each encode it again.
  const raw = signed.serialize();
  rememberRaw(signed, raw);
  signed.cache.hash = keccak256(raw);
  return signed;
}
