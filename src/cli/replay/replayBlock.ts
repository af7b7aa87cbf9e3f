/**
 * Replays one mainnet block over its pre-state and checks what the header recorded: gas used,
 * logs bloom and (from Byzantium on, where receipts carry a status) the receipts root.
 */
import { bytesToHex } from "@ethereumjs/util";
import { encodeReceipt } from "../../execution/encodeReceipt.js";
import { blockLogsBloom } from "../../execution/logsBloom.js";
import { orderedTrieRoot } from "../../execution/orderedTrieRoot.js";
import type { BlockExecution, TxOutcome } from "../../execution/types.js";
import type { BlockFixture } from "./blockFixture.js";

export interface Check {
  name: "gasUsed" | "logsBloom" | "receiptsRoot";
  expected: string;
  actual: string;
  ok: boolean;
}

export async function checkExecution(fixture: BlockFixture, execution: BlockExecution): Promise<Check[]> {
  const { header } = fixture.block;
  const included = execution.outcomes.filter(
    (o): o is Extract<TxOutcome, { kind: "included" }> => o.kind === "included",
  );
  const receipts = included.map((o) => o.receipt);
  const checks: Check[] = [
    check("gasUsed", header.gasUsed.toString(), execution.gasUsed.toString()),
    check("logsBloom", bytesToHex(header.logsBloom), bytesToHex(blockLogsBloom(receipts, header.common))),
  ];
  if (header.common.gteHardfork("byzantium")) {
    const encoded = included.map((o) =>
      encodeReceipt(o.receipt, fixture.block.transactions[o.index]?.type ?? 0),
    );
    checks.push(
      check("receiptsRoot", bytesToHex(header.receiptTrie), bytesToHex(await orderedTrieRoot(encoded))),
    );
  }
  const invalid = execution.outcomes.filter((o) => o.kind === "invalid");
  if (invalid.length > 0) {
    checks.push(check("gasUsed", "all transactions valid", `${invalid.length} invalid`));
  }
  return checks;
}

function check(name: Check["name"], expected: string, actual: string): Check {
  return { name, expected, actual, ok: expected === actual };
}
