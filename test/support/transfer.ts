import type { TransactionRequest } from "ethers";

export const CHAIN_ID = 31337;
export const GWEI = 1_000_000_000n;
export const RECIPIENT = "0x000000000000000000000000000000000000dEaD";

/** An EIP-1559 transfer of 1 wei that the devnet accepts as is; each case changes one field. */
export function transfer(overrides: TransactionRequest): TransactionRequest {
  return {
    type: 2,
    chainId: CHAIN_ID,
    to: RECIPIENT,
    value: 1n,
    gasLimit: 21_000n,
    maxFeePerGas: 10n * GWEI,
    maxPriorityFeePerGas: GWEI,
    ...overrides,
  };
}
