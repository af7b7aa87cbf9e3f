/**
 * A transaction sent without a gas limit, mined in one execution instead of an estimate's and
 * the block's: it runs at the block's gas limit, and the block is sealed with it at the least gas
 * that run shows it needs. Test suites send every call this way (Hardhat's clients leave the gas
 * to the node), and the estimate was half of each call's EVM time.
 *
 * Sealing a run made at one limit with another is sound only where the limit changed nothing the
 * run did: it took the one path any limit takes (no step looked at its gas: gasProbe.ts), its
 * SSTOREs keep the sentry's room and its refund is under its cap (estimateGas's one-run answer,
 * leastGasFromOneRun). The sender paid for the gas it used either way (what a limit reserves is
 * given back), and nothing read or sent its balance meanwhile (BALANCE, SELFBALANCE, CALL and
 * SELFDESTRUCT are watched). The transaction sealed is the one that ran, its gas limit changed.
 * A deployment too: its code deposit is charged within the gas the run used, and a constructor
 * that calls or deploys another contract looked at its gas (the CALL and CREATE families).
 * Code that reads the block (its timestamp, number, base fee) is charged for the block it is
 * mined in: an estimate ran in the head block's, under no base fee.
 * A run that failed keeps the block's gas limit, as eth_sendTransaction does when the estimate
 * fails. Anything else: the block is abandoned before anything is committed, and the sender
 * estimates and sends as before.
 */
import { createTx, type TypedTransaction } from "@ethereumjs/tx";
import { feeMarketAssembler } from "../../execution/feeMarketAssembler.js";
import type { BlockExecution } from "../../execution/types.js";
import { leastGasFromOneRun, PLAIN_TRANSFER_GAS } from "../call/estimateGas.js";

/** The block cannot be sealed with the least gas: abandon it. */
export class NotSealable extends Error {
  constructor(
    reason: string,
    /** The run looked at its gas: the call will again (see GasObservingCalls). */
    readonly observedGas = false,
  ) {
    super(`not sealable at the least gas: ${reason}`);
  }
}

/**
 * The BlockBuilder `sealWith` for a block of one transaction, `unsigned` with the block's gas
 * limit `gasLimit`; `sign` signs it (or its copy with the least gas). `plainTransfer`: value to
 * an account without code, no data, no access list, which needs the base transaction gas
 * whatever it sends (as estimates answer it). Throws NotSealable where the run does not show the
 * least gas.
 */
export function sealAtLeastGas(
  unsigned: TypedTransaction,
  gasLimit: bigint,
  sign: (unsigned: TypedTransaction) => TypedTransaction,
  plainTransfer = false,
): (execution: BlockExecution) => TypedTransaction[] {
  return (execution) => {
    const outcome = execution.outcomes[0];
    const seen = execution.gas?.[0];
    if (execution.outcomes.length !== 1 || outcome?.kind !== "included")
      throw new NotSealable("not included");
    if (seen === undefined) throw new NotSealable("its gas was not watched");
    if (outcome.error !== undefined) return [sign(unsigned)];
    if (plainTransfer && outcome.gasUsed === PLAIN_TRANSFER_GAS) {
      return [sign(withGasLimit(unsigned, PLAIN_TRANSFER_GAS))];
    }
    if (seen.observedGas !== false) throw new NotSealable("the run looked at its gas", true);
    const least = leastGasFromOneRun(
      {
        gasUsed: outcome.gasUsed,
        gasRefund: seen.gasRefund,
        minimumGasLimit: unsigned.getMinimumGasLimit(),
        ...(seen.observedGas === undefined ? {} : { observedGas: seen.observedGas }),
        ...(seen.leastGasAtSstore === undefined ? {} : { leastGasAtSstore: seen.leastGasAtSstore }),
      },
      gasLimit,
    );
    if (least === undefined) throw new NotSealable("one run does not show the least gas");
    return [sign(withGasLimit(unsigned, least))];
  };
}

/** The same unsigned transaction (nonce, fees, data...) with another gas limit. */
function withGasLimit(unsigned: TypedTransaction, gasLimit: bigint): TypedTransaction {
  // An EIP-1559 transaction without an access list (most): its fields copied, not converted to
  // JSON and parsed back.
  return (
    feeMarketAssembler(unsigned)?.({ gasLimit }, true) ??
    createTx({ ...unsigned.toJSON(), gasLimit }, { common: unsigned.common })
  );
}
