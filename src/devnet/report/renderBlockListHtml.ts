/**
 * The devnet's front page in a browser: its latest blocks, newest first, each linking to its
 * report page (`/block/<number>`). JSON-RPC clients never see it: they POST.
 */
import { groupThousands } from "../../parallel/report/groupThousands.js";
import { shortHex } from "../../parallel/report/html/formatLocation.js";
import { escapeHtml, htmlPage } from "../../parallel/report/html/htmlPage.js";
import type { MinedBlock } from "../chain/types.js";
import type { Devnet } from "../Devnet.js";

/** How many blocks the front page lists. */
export const LISTED_BLOCKS = 50;

/**
 * The page listing the chain's latest blocks.
 * @example
 * const html = renderBlockListHtml(devnet);
 */
export function renderBlockListHtml(devnet: Pick<Devnet, "chain" | "options">): string {
  const height = devnet.chain.height;
  const rows: string[] = [];
  for (let n = height; n >= 0n && n > height - BigInt(LISTED_BLOCKS); n--) {
    const mined = devnet.chain.byNumber(n);
    if (mined !== undefined) rows.push(row(mined));
  }
  const older =
    height >= BigInt(LISTED_BLOCKS) ? `<p class="empty">Older blocks: /block/&lt;number&gt;.</p>` : "";
  const body = `<h1>pevm-devnet</h1>
<p class="lead">Chain ${devnet.options.chainId}, head block ${height}. JSON-RPC: POST to this URL, or open a WebSocket on it.
Each block's page shows its transactions' dependencies, its critical path and its estimated parallel speedup.</p>
<table style="width:auto;min-width:640px"><thead><tr><th>block</th><th class="num">transactions</th><th class="num">gas used</th>
<th>executed</th><th>time</th><th>hash</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>${older}`;
  return htmlPage({ title: "pevm-devnet", body });
}

function row(mined: MinedBlock): string {
  const { header } = mined.block;
  const ran = mined.ran;
  const executed =
    ran === undefined
      ? ""
      : ran.executor === "sequential"
        ? `sequential${ran.fellBack === undefined ? "" : " (fell back)"}`
        : `parallel, ${ran.threads} threads${ran.speedup === undefined ? "" : `, ${ran.speedup.toFixed(2)}×`}`;
  const time = new Date(Number(header.timestamp) * 1000).toISOString().replace("T", " ").replace(".000Z", "");
  return (
    `<tr><td><a href="/block/${mined.number}">${mined.number}</a></td>` +
    `<td class="num">${mined.block.transactions.length}</td><td class="num">${groupThousands(header.gasUsed)}</td>` +
    `<td class="nowrap">${escapeHtml(executed)}</td><td class="mono nowrap">${time}</td>` +
    `<td class="mono" title="${escapeHtml(mined.hash)}">${escapeHtml(shortHex(mined.hash))}</td></tr>`
  );
}
