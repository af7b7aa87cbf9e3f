/**
 * Admission checks for a transaction entering the pool, with geth's messages (tools match on
 * them: "nonce too low", "insufficient funds for gas * price + value", ...) and anvil's codes:
 * -32003 (transaction rejected), but -32000 for gas limits, as anvil answers.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { Capability } from "@ethereumjs/tx";
import { InvalidInputError, TransactionRejectedError } from "../../errors/DevnetError.js";
import type { AccountInfo } from "../../state/types.js";

const GAS_PER_BLOB = 131_072n;

export interface AdmissionContext {
  chainId: bigint;
  /** The base fee the next block will have (undefined before London). */
  nextBaseFee: bigint | undefined;
  blockGasLimit: bigint;
  /** Automine: a nonce ahead of the expected one can never be mined, so it is refused. */
  requireExactNonce: boolean;
  /** The sender's next nonce, counting its transactions already in the pool. */
  expectedNonce: bigint;
  sender: AccountInfo | undefined;
}

/** The hint Hardhat gives too: a wallet that kept its history across a chain restart. */
export const RESET_WALLET_HINT =
  "If you restarted the devnet, your wallet still counts the old chain's transactions: reset its activity data (MetaMask: Settings > Advanced > Clear activity tab data).";

export function validateTransaction(tx: TypedTransaction, ctx: AdmissionContext): void {
  const chainId = "chainId" in tx ? (tx.chainId as bigint) : tx.common.chainId();
  if (tx.supports(Capability.EIP155ReplayProtection) && chainId !== ctx.chainId) {
    throw new TransactionRejectedError(`invalid chain id for signer: have ${chainId} want ${ctx.chainId}`);
  }
  const nonce = tx.nonce;
  if (nonce < (ctx.sender?.nonce ?? 0n)) {
    throw new TransactionRejectedError(`nonce too low: expected ${ctx.sender?.nonce ?? 0n}, got ${nonce}`);
  }
  if (ctx.requireExactNonce && nonce > ctx.expectedNonce) {
    throw new TransactionRejectedError(
      `nonce too high: expected ${ctx.expectedNonce}, got ${nonce}. Transactions cannot wait for a gap to fill while automining. ${RESET_WALLET_HINT}`,
    );
  }
  if (tx.gasLimit > ctx.blockGasLimit) {
    throw new InvalidInputError(
      `exceeds block gas limit: gas limit ${tx.gasLimit}, block gas limit ${ctx.blockGasLimit}`,
    );
  }
  const intrinsic = tx.getIntrinsicGas();
  if (tx.gasLimit < intrinsic) {
    throw new InvalidInputError(`intrinsic gas too low: have ${tx.gasLimit}, want ${intrinsic}`);
  }
  const maxFee = "maxFeePerGas" in tx ? tx.maxFeePerGas : tx.gasPrice;
  if ("maxPriorityFeePerGas" in tx && tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
    throw new TransactionRejectedError(
      `max priority fee per gas higher than max fee per gas: maxPriorityFeePerGas ${tx.maxPriorityFeePerGas}, maxFeePerGas ${tx.maxFeePerGas}`,
    );
  }
  if (ctx.nextBaseFee !== undefined && maxFee < ctx.nextBaseFee) {
    throw new TransactionRejectedError(
      `max fee per gas less than block base fee: maxFeePerGas ${maxFee}, baseFee ${ctx.nextBaseFee}`,
    );
  }
  let cost = tx.gasLimit * maxFee + tx.value;
  if ("maxFeePerBlobGas" in tx)
    cost += tx.maxFeePerBlobGas * BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB;
  const balance = ctx.sender?.balance ?? 0n;
  if (balance < cost) {
    throw new TransactionRejectedError(
      `insufficient funds for gas * price + value: have ${balance} want ${cost}`,
    );
  }
}
