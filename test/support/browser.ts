/**
 * A real headless browser for the report pages: Debian's chromium driven by playwright-core.
 * Where either is missing, `browserUnavailable` says which, and the tests that need a browser
 * skip with that message (CI installs chromium with apt when it is missing).
 */
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";

const CHROMIUM_PATHS = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
const chromiumPath = CHROMIUM_PATHS.find((p): p is string => p !== undefined && existsSync(p));

function findPlaywright(): boolean {
  try {
    createRequire(import.meta.url).resolve("playwright-core");
    return true;
  } catch {
    return false;
  }
}

/** Why no browser test can run here, or undefined when one can. */
export const browserUnavailable: string | undefined = !findPlaywright()
  ? "playwright-core is not installed (npm install)"
  : chromiumPath === undefined
    ? "chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH)"
    : undefined;

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ ...(chromiumPath === undefined ? {} : { executablePath: chromiumPath }) });
}

/** A page that keeps what went wrong in it: console errors, uncaught errors, requests that left it. */
export async function openPage(
  browser: Browser,
  allowedOrigin?: string,
): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => {
    const url = request.url();
    if (allowedOrigin === undefined || !url.startsWith(allowedOrigin)) requests.push(url);
  });
  return { page, errors, requests };
}

/** test-output/<name>/, for what a person should look at after a run (ignored by git). */
export function testOutputDir(name: string): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const dir = path.join(root, "test-output", name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

type Attributes = { getAttribute(name: string): string | null };

/** The graph as the page drew it: node indices, and edges as "from→to:kind". */
export async function drawnGraph(page: Page, section = 0): Promise<{ nodes: number[]; edges: string[] }> {
  const svg = page.locator("svg.graph").nth(section);
  const nodes = await svg
    .locator(".tx")
    .evaluateAll((els: Attributes[]) => els.map((e) => Number(e.getAttribute("data-tx"))));
  const edges = await svg
    .locator(".dep")
    .evaluateAll((els: Attributes[]) =>
      els.map(
        (e) => `${e.getAttribute("data-from")}→${e.getAttribute("data-to")}:${e.getAttribute("data-kind")}`,
      ),
    );
  return { nodes, edges };
}
