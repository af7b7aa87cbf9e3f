/**
 * The conflict report of a block the devnet mined. Blocks do not keep read and write sets (small
 * blocks run sequentially and have none), so the block is executed again, in order, over the
 * state after its parent, recording each transaction's reads, writes and time.
 *
 * Gas and hashes come from the stored receipts. A state edit made between the parent and the
 * block (anvil_setBalance, hardhat_setStorageAt…) is not part of the parent's state, so a
 * re-execution may differ from what was mined: the report then carries a warning.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
import type { ParallelDetails } from "../../parallel/ParallelExecutor.js";
import type { BlockReport } from "../../parallel/report/BlockReport.js";
import { buildBlockReport, type TxFacts } from "../../parallel/report/buildBlockReport.js";
import { recordBlock } from "../../parallel/report/recordBlock.js";
import type { MinedBlock } from "../chain/types.js";
import type { Devnet } from "../Devnet.js";

export interface ReportMinedBlockOptions {
  /** Put each transaction's read and written locations in the report. */
  locations?: boolean;
  /** What the parallel run of the block learned, where the devnet kept it (incarnations). */
  parallel?: ParallelDetails;
}

/**
 * Re-executes a mined block with recording and reports its conflicts and estimated speedup.
 * @example
 * const report = await reportMinedBlock(devnet, devnet.head);
 * report.estimatedSpeedup[4];
 */
export async function reportMinedBlock(
  devnet: Pick<Devnet, "stateBefore" | "blockHashOf">,
  mined: MinedBlock,
  options: ReportMinedBlockOptions = {},
): Promise<BlockReport> {
  const { block, receipts } = mined;
  const base = {
    number: mined.number,
    hash: mined.hash,
    locations: options.locations === true,
    feeRecipient: block.header.coinbase.toString(),
  };
  if (mined.number === 0n || block.transactions.length === 0)
    return buildBlockReport({ ...base, transactions: [] });

  const recorded = await recordBlock(
    {
      header: block.header,
      transactions: block.transactions,
      preState: devnet.stateBefore(mined.number),
      blockHashes: devnet.blockHashOf,
      allowSendersWithCode: true,
    },
    block,
  );
  const warnings: string[] = [];
  const parallel = options.parallel;
  const transactions = recorded.map((run, index): TxFacts => {
    const receipt = receipts[index];
    const rerunGas = run.outcome.kind === "included" ? run.outcome.gasUsed : 0n;
    if (receipt === undefined || rerunGas !== receipt.gasUsed) {
      warnings.push(
        `transaction ${index} used ${rerunGas} gas when executed again, ${receipt?.gasUsed ?? "no receipt"} when mined: the state was edited before this block`,
      );
    }
    const facts: TxFacts = {
      hash: receipt?.transactionHash ?? bytesToHex((block.transactions[index] as TypedTransaction).hash()),
      sender: (block.transactions[index] as TypedTransaction).getSenderAddress().toString(),
      gas: receipt?.gasUsed ?? rerunGas,
      reads: run.reads,
      writes: run.writes,
      timeMs: run.timeMs,
    };
    const incarnations = parallel?.incarnations[index];
    if (incarnations !== undefined) facts.incarnations = incarnations;
    return facts;
  });
  return buildBlockReport({
    ...base,
    transactions,
    warnings,
    ...(parallel === undefined
      ? {}
      : {
          threads: parallel.threads,
          reExecutions: parallel.reExecutions,
          ...(parallel.fellBack === undefined ? {} : { fellBack: parallel.fellBack }),
        }),
  });
}
