/**
 * The suite's picture (`pevm-report.html`): per test file, its transactions packed in order into
 * blocks as the estimate packs them, each block drawn as a dependency graph by pevm-devnet's
 * renderReportHtml, with calls named `Contract.function` and storage by its Solidity variable.
 * Unlike the table, the graph keeps every dependency, deployment waits included: it shows what
 * the estimate counts.
 */

import { nameLocation, onChain } from "./buildSuiteReport.js";
import type { ContractCatalog } from "./ContractCatalog.js";
import { type NamedCall, nameCalls } from "./nameCalls.js";
import {
  buildBlockReport,
  locationKeyOf,
  type ReportLocation,
  type ReportPage,
  type ReportSection,
  type TxLabel,
} from "./pevmDevnet.js";
import type { RecordedTransaction } from "./SuiteRecorder.js";

export function buildReportPage(
  transactions: readonly RecordedTransaction[],
  catalog: ContractCatalog,
  blockGasLimit: number,
): ReportPage {
  // Calls through proxies named by the implementation, storage by its owner's layout.
  const names = nameCalls(transactions, catalog);

  const sections: ReportSection[] = [];
  for (const file of new Set(transactions.map((tx) => tx.file))) {
    const indices = transactions.flatMap((tx, i) => (tx.file === file ? [i] : []));
    const blocks = packIntoBlocks(indices, transactions, blockGasLimit);
    blocks.forEach((block, b) => {
      const txs = block.map((i) => transactions[i] as RecordedTransaction);
      // The report sees each connection's addresses apart (onChain); names need the real ones.
      const real = new Map<string, ReportLocation>();
      const key = (location: ReportLocation, tx: RecordedTransaction) => {
        const k = locationKeyOf(onChain(location, tx.chain));
        real.set(k, location);
        return k;
      };
      const report = buildBlockReport({
        number: b,
        feeRecipient: "0x0000000000000000000000000000000000000000",
        transactions: txs.map((tx) => ({
          hash: tx.hash,
          gas: tx.gas,
          reads: tx.reads.map((l) => key(l, tx)),
          writes: tx.writes.map((l) => key(l, tx)),
        })),
      });
      const connections = new Set(txs.map((tx) => tx.chain)).size;
      sections.push({
        title: blocks.length === 1 ? file : `${file} · block ${b + 1} of ${blocks.length}`,
        subtitle: `${txs.length} transactions on ${connections} connection${connections === 1 ? "" : "s"}`,
        report,
        transactions: block.map((i) =>
          labelOf(transactions[i] as RecordedTransaction, names.calls[i] as NamedCall),
        ),
        nameLocation: (location, at) => {
          const tx = txs[at];
          const original = real.get(locationKeyOf(location));
          if (tx === undefined || original === undefined) return undefined;
          return nameLocation(original, tx, names);
        },
      });
    });
  }
  return {
    title: "pevm-devnet: the suite's dependencies",
    lead:
      "Per test file, its transactions in order as blocks of the devnet would hold them, each " +
      "dependency drawn from the transaction whose write another one read. Solidity tests run " +
      "inside EDR and are not seen.",
    sections,
  };
}

/** `Vault.deposit`, `UpToken.transfer (via ERC1967Proxy)`, or the target and selector where no artifact matches. */
function labelOf(tx: RecordedTransaction, call: NamedCall): TxLabel {
  const via = call.proxy === undefined ? "" : ` (via ${call.proxy})`;
  return {
    label: `${call.contractName}.${call.functionName}${via}`,
    detail: `from ${tx.from}\nconnection ${tx.chain}`,
  };
}

/** Suite indices in order, cut into blocks of at most `gasLimit` gas (a larger one alone). */
function packIntoBlocks(
  indices: readonly number[],
  transactions: readonly RecordedTransaction[],
  gasLimit: number,
): number[][] {
  const blocks: number[][] = [];
  let current: number[] = [];
  let gas = 0;
  for (const i of indices) {
    const txGas = (transactions[i] as RecordedTransaction).gas;
    if (current.length > 0 && gas + txGas > gasLimit) {
      blocks.push(current);
      current = [];
      gas = 0;
    }
    current.push(i);
    gas += txGas;
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}
