/** Transactions signed by a devnet's dev accounts, for tests that hand them to the Devnet directly. */
import { createTx, type TypedTransaction } from "@ethereumjs/tx";
import { hexToBytes } from "@ethereumjs/util";
import type { Devnet } from "../../src/devnet/Devnet.js";

/**
 * A type-2 transaction from dev account `from`, signed with its key (a fee cap of 10 gwei, a
 * 1 gwei tip), with the sender to pass to `sendTransaction`.
 */
export function signedDevTx(
  d: Devnet,
  from: number,
  nonce: number,
  to: string | undefined,
  data = "0x",
  value = 0n,
  gasLimit = 1_000_000n,
): { tx: TypedTransaction; sender: string } {
  const account = d.accounts[from] as { address: string; privateKey: string };
  const tx = createTx(
    {
      type: 2,
      nonce: BigInt(nonce),
      ...(to === undefined ? {} : { to: to as `0x${string}` }),
      value,
      data: hexToBytes(data as `0x${string}`),
      gasLimit,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 10n ** 9n,
      chainId: d.options.chainId,
    },
    { common: d.common },
  ).sign(hexToBytes(account.privateKey as `0x${string}`));
  return { tx, sender: account.address };
}
