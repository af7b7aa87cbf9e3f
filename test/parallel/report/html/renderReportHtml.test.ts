/**
 * The report page: a small block (a vault whose deposits all bump one total, a registry whose
 * registrations are independent, a payment) rendered and opened in a real headless chromium. The
 * page must load with no console error and no request, draw one node per transaction and exactly
 * the report's dependencies; its screenshot goes to test-output/report-html/ for a person.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceKey, codeKey, nonceKey, storageKey } from "../../../../src/parallel/locations.js";
import type { BlockReport, ReportLocation } from "../../../../src/parallel/report/BlockReport.js";
import { buildBlockReport, type TxFacts } from "../../../../src/parallel/report/buildBlockReport.js";
import { dependencyKinds } from "../../../../src/parallel/report/html/dependencyKinds.js";
import type { ReportSection } from "../../../../src/parallel/report/html/ReportSection.js";
import { renderReportHtml } from "../../../../src/parallel/report/html/renderReportHtml.js";
import {
  browserUnavailable,
  drawnGraph,
  launchBrowser,
  openPage,
  testOutputDir,
} from "../../../support/browser.js";

const account = (n: number) => `0x${n.toString(16).padStart(2, "0").repeat(20)}`;
const USERS = [1, 2, 3, 4, 5, 6].map(account);
const VAULT = account(0x70);
const REGISTRY = account(0x80);
const slot = (n: bigint) => `0x${n.toString(16).padStart(64, "0")}`;
const TOTAL = slot(0n);
const hash = (i: number) => `0x${(i + 1).toString(16).padStart(64, "0")}`;

function block(): { section: ReportSection; report: BlockReport } {
  const owner = USERS[0] as string;
  const txs: TxFacts[] = [];
  const labels: string[] = [];
  const push = (label: string, sender: string, gas: bigint, reads: string[], writes: string[]) => {
    labels.push(label);
    txs.push({ hash: hash(txs.length), sender, gas, reads, writes });
  };
  push(
    "Vault.constructor",
    owner,
    180_000n,
    [nonceKey(owner)],
    [nonceKey(owner), nonceKey(VAULT), balanceKey(VAULT), codeKey(VAULT), storageKey(VAULT, TOTAL)],
  );
  for (const user of USERS) {
    push(
      "Vault.deposit",
      user,
      52_000n,
      [nonceKey(user), nonceKey(VAULT), codeKey(VAULT), storageKey(VAULT, TOTAL), balanceKey(VAULT)],
      [nonceKey(user), storageKey(VAULT, TOTAL), balanceKey(VAULT)],
    );
  }
  USERS.forEach((user, i) => {
    const entry = storageKey(REGISTRY, slot(1000n + BigInt(i)));
    push("Registry.register", user, 45_000n, [nonceKey(user), entry], [nonceKey(user), entry]);
  });
  push(
    "transfer",
    USERS[1] as string,
    21_000n,
    [nonceKey(USERS[1] as string), balanceKey(USERS[2] as string)],
    [balanceKey(USERS[2] as string)],
  );
  const report = buildBlockReport({ number: 12n, hash: hash(99), transactions: txs });
  const nameLocation = (location: ReportLocation) =>
    location.address === VAULT && location.slot === TOTAL ? "Vault.totalDeposits" : undefined;
  return {
    report,
    section: { title: "Block 12", report, transactions: labels.map((label) => ({ label })), nameLocation },
  };
}

/** One arc per pair of dependent transactions, in the colour of its most telling kind. */
const EDGES = [
  "0→1:storage", // and the deployer's nonce, and the vault's code
  ...[2, 3, 4, 5, 6].flatMap((k) => [`0→${k}:code`, `${k - 1}→${k}:storage`]),
  ...[7, 8, 9, 10, 11, 12].map((k) => `${k - 6}→${k}:sender`), // each registration after its sender's deposit
  "8→13:sender",
].sort();

describe("renderReportHtml", () => {
  it("names what it can, and shows the second estimate and given kinds where a report has them", () => {
    const { section, report } = block();
    const given = {
      ...report,
      estimatedSpeedupByContracts: { 2: 1.9, 4: 3.2, 8: 4.1, 16: 4.1, unbounded: 4.1 },
      transactions: report.transactions.map((tx) => ({
        ...tx,
        conflicts: tx.conflicts.map((c) => ({
          ...c,
          kind: c.location.kind === "nonce" ? ("sender" as const) : ("storage" as const),
        })),
      })),
    };
    const html = renderReportHtml({ title: "<Suite>", sections: [{ ...section, report: given }] });
    expect(html).toContain("&lt;Suite&gt;");
    expect(html).toContain("Vault.totalDeposits");
    expect(html).toContain("by the contracts");
    expect(html).not.toContain('data-kind="balance"'); // the given kinds, not the locations'
    expect(html).toContain('data-kind="storage"');
    // Self-contained: nothing to fetch.
    expect(html).not.toMatch(/\b(src|href)\s*=\s*"(https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it("draws each wait as the report classes it: the deployer's nonce, the new contract's account, payments", () => {
    const { report } = block();
    const deposit = (k: number) => report.transactions[k] as BlockReport["transactions"][number];
    // The first deposit reads what the constructor wrote: the deployer's nonce, the vault's account.
    expect(deposit(1).conflicts.map((c) => `${c.tx}:${c.location.kind}`)).toEqual([
      "0:nonce",
      "0:nonce",
      "0:code",
      "0:storage",
      "0:balance",
    ]);
    expect(dependencyKinds(deposit(1))).toEqual(["sender", "code", "code", "storage", "balance"]);
    // The next one reads the vault's balance from the first deposit: no creation there.
    expect(dependencyKinds(deposit(2))).toEqual(["code", "code", "storage", "balance"]);
    expect(report.criticalPath.transactions).toEqual([0, 1, 2, 3, 4, 5, 6, 12]);
  });
});

describe.skipIf(browserUnavailable !== undefined)("renderReportHtml in chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("loads with no error or request, one node per transaction and the report's edges", async () => {
    const { section, report } = block();
    const { page, errors, requests } = await openPage(browser);
    await page.setContent(renderReportHtml({ title: "Block 12", sections: [section] }));
    const drawn = await drawnGraph(page);
    expect(drawn.nodes).toEqual(report.transactions.map((tx) => tx.index));
    expect(drawn.edges.sort()).toEqual(EDGES);

    await page.screenshot({
      path: path.join(testOutputDir("report-html"), "block.png"),
      fullPage: true,
      animations: "disabled",
    });

    // Hovering a deposit brings forward its own dependencies only.
    await page.hover('.tx[data-tx="3"] circle');
    const on = await page
      .locator("svg.graph .dep.on")
      .evaluateAll((els: { getAttribute(n: string): string | null }[]) =>
        els.map((e) => `${e.getAttribute("data-from")}→${e.getAttribute("data-to")}`),
      );
    expect(new Set(on)).toEqual(new Set(["0→3", "2→3", "3→4", "3→9"]));
    await page.screenshot({
      path: path.join(testOutputDir("report-html"), "block-hover.png"),
      animations: "disabled",
    });

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});

if (browserUnavailable !== undefined) console.warn(`report page browser test skipped: ${browserUnavailable}`);
