/**
 * The report page of a block the devnet mined: its conflict report (re-executed, see
 * reportMinedBlock) drawn by renderReportHtml. A devnet has no ABIs, so transactions are named by
 * what they do (a creation, a payment, a call's selector and target) and locations by address and
 * slot; the fee recipient is named as such.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
import type { ReportLocation } from "../../parallel/report/BlockReport.js";
import { formatLocation, shortHex } from "../../parallel/report/html/formatLocation.js";
import type { TxLabel } from "../../parallel/report/html/ReportSection.js";
import { renderReportHtml } from "../../parallel/report/html/renderReportHtml.js";
import type { MinedBlock } from "../chain/types.js";
import type { Devnet } from "../Devnet.js";
import { reportMinedBlock } from "./reportMinedBlock.js";

/**
 * The HTML page of one mined block, with a link back to the list of blocks at `/`.
 * @example
 * const html = await renderMinedBlockHtml(devnet, devnet.head);
 */
export async function renderMinedBlockHtml(
  devnet: Pick<Devnet, "stateBefore" | "blockHashOf">,
  mined: MinedBlock,
): Promise<string> {
  const report = await reportMinedBlock(devnet, mined);
  const feeRecipient = mined.block.header.coinbase.toString();
  const transactions = mined.block.transactions.map((tx, i) => labelOf(tx, mined.senders[i]));
  const nameLocation = (location: ReportLocation) =>
    location.address === feeRecipient
      ? formatLocation(location).replace(shortHex(feeRecipient), "fee recipient")
      : undefined;
  const title = `Block ${mined.number}`;
  return renderReportHtml({
    title,
    lead:
      `${mined.hash} · ${new Date(Number(mined.block.header.timestamp) * 1000).toISOString()} · ` +
      "dependencies found by executing the block again in order, recording what each transaction read and wrote",
    links: [{ href: "/", text: "← blocks" }],
    sections: [{ title, report, transactions, nameLocation }],
  });
}

function labelOf(tx: TypedTransaction, sender: string | undefined): TxLabel {
  const to = tx.to?.toString();
  const data = tx.data;
  const label =
    to === undefined
      ? "create"
      : data.length >= 4
        ? `${bytesToHex(data.subarray(0, 4))} → ${shortHex(to)}`
        : `pay ${shortHex(to)}`;
  const detail = [
    `from ${sender ?? "?"}`,
    ...(to === undefined ? [] : [`to ${to}`]),
    ...(tx.value > 0n ? [`value ${tx.value} wei`] : []),
  ].join("\n");
  return { label, detail };
}
