/**
 * The devnet in a browser: `/` lists its blocks, `/block/N` draws block N's dependencies. A real
 * devnet on a real port, opened in headless chromium: the list links to the block, whose page
 * loads with no console error and no request elsewhere, and draws one node per transaction and
 * the edges of `pevm_getBlockReport`. JSON-RPC on the same URL answers as before. Screenshots go
 * to test-output/devnet-pages/.
 */
import path from "node:path";
import { Interface } from "ethers";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlockReport } from "../../src/parallel/report/BlockReport.js";
import { createDevnet, type DevnetHandle } from "../../src/rpc/createDevnet.js";
import { loadArtifact } from "../support/artifacts.js";
import {
  browserUnavailable,
  drawnGraph,
  launchBrowser,
  openPage,
  testOutputDir,
} from "../support/browser.js";

const counter = loadArtifact("Counter");
const INCREMENT = new Interface(counter.abi).encodeFunctionData("increment");

let devnet: DevnetHandle;
let url: string;
let report: BlockReport;

beforeAll(async () => {
  devnet = await createDevnet({ mining: { mode: "manual" }, genesisTimestamp: 1_700_000_000n });
  const accounts = devnet.devnet.accounts.map((a) => a.address as string);
  const send = (from: number, tx: { to?: string | undefined; data?: string; value?: string }) =>
    devnet.request({
      method: "eth_sendTransaction",
      params: [{ from: accounts[from], gas: "0x100000", ...tx }],
    });
  await send(0, { data: counter.bytecode });
  await devnet.request({ method: "evm_mine" });
  const receipt = (await devnet.request({ method: "eth_getBlockReceipts", params: ["0x1"] })) as {
    contractAddress: string;
  }[];
  const target = receipt[0]?.contractAddress as string;
  // Block 2: three increments of one counter, two payments from one sender, one independent payment.
  for (const from of [1, 2, 3]) await send(from, { to: target, data: INCREMENT });
  await send(4, { to: accounts[7], value: "0x1" });
  await send(4, { to: accounts[8], value: "0x1" });
  await send(5, { to: accounts[9], value: "0x1" });
  await devnet.request({ method: "evm_mine" });
  report = (await devnet.request({ method: "pevm_getBlockReport", params: ["0x2"] })) as BlockReport;
  ({ url } = await devnet.listen({ port: 0 }));
}, 60_000);

afterAll(async () => {
  await devnet?.close();
});

describe("devnet pages over HTTP", () => {
  it("keeps the short text for a GET / that does not ask for HTML, and JSON-RPC on POST /", async () => {
    const text = await fetch(url);
    expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
    const rpc = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
    });
    expect(await rpc.json()).toEqual({ jsonrpc: "2.0", id: 1, result: "0x2" });
  });

  it("lists the blocks for a browser, and answers 404 for a block past the head", async () => {
    const list = await fetch(url, { headers: { accept: "text/html" } });
    expect(list.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await list.text();
    expect(html).toContain('href="/block/2"');
    expect(html).toContain('href="/block/0"');
    expect((await fetch(`${url}/block/3`)).status).toBe(404);
    expect((await fetch(`${url}/block/x`)).status).toBe(404);
  });
});

describe.skipIf(browserUnavailable !== undefined)("devnet pages in chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("links from the list to a block whose graph is its report's", async () => {
    const out = testOutputDir("devnet-pages");
    const { page, errors, requests } = await openPage(browser, url);
    await page.goto(url);
    await page.screenshot({ path: path.join(out, "blocks.png"), fullPage: true, animations: "disabled" });
    await page.click('a[href="/block/2"]');
    await page.waitForURL(`${url}/block/2`);
    const drawn = await drawnGraph(page);
    expect(drawn.nodes).toEqual([0, 1, 2, 3, 4, 5]);
    // One arc per pair of dependent transactions.
    const pairs = new Set(
      report.transactions.flatMap((tx) => tx.conflicts.map((c) => `${c.tx}→${tx.index}`)),
    );
    expect(drawn.edges.map((e) => e.split(":")[0]).sort()).toEqual([...pairs].sort());
    // The increments wait on each other over the counter's storage; the second payment on its sender.
    expect(drawn.edges).toEqual(expect.arrayContaining(["0→1:storage", "1→2:storage", "3→4:sender"]));
    await page.screenshot({ path: path.join(out, "block-2.png"), fullPage: true, animations: "disabled" });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});

if (browserUnavailable !== undefined)
  console.warn(`devnet pages browser test skipped: ${browserUnavailable}`);
