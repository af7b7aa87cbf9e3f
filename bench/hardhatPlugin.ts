/**
 * The Hardhat plugin's overhead: `hardhat test` with the pevm plugin against the same suite on
 * plain Hardhat (EDR, no plugin), on the example project (examples/contracts, 6 tests, 50
 * transactions) and on bench/hardhat-suite (4 test files, each on its own connection, 401
 * transactions). The runs alternate (plain, then plugin, round after round) so that the machine's
 * load weighs on both alike; the ratio is the median of the rounds' own ratios. Wall time and the
 * process's CPU time (user + system, from /usr/bin/time) are both given.
 *
 *   npm run build && node bench/hardhatPlugin.ts [--rounds N]
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { note } from "./progress.ts";
import { machineLoad, median } from "./stats.ts";
import { printTable } from "./table.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "node_modules/.bin");

const SUITES = [
  { name: "examples/contracts (50 txs)", dir: "examples/contracts" },
  { name: "bench/hardhat-suite (401 txs)", dir: "bench/hardhat-suite" },
];

interface Run {
  wallMs: number;
  cpuMs: number;
}

async function hardhatTest(dir: string, config: string): Promise<Run> {
  const scratch = await mkdtemp(path.join(tmpdir(), "pevm-bench-"));
  const times = path.join(scratch, "time");
  try {
    const started = performance.now();
    await promisify(execFile)(
      "/usr/bin/time",
      ["-f", "%U %S", "-o", times, path.join(bin, "hardhat"), "--config", config, "test"],
      {
        cwd: path.join(root, dir),
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, FORCE_COLOR: "0" },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const wallMs = performance.now() - started;
    const [user, system] = (await readFile(times, "utf8")).trim().split(/\s+/).map(Number);
    return { wallMs, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000 };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function main(rounds: number): Promise<void> {
  console.log(`hardhat test, plain Hardhat vs the pevm plugin; load at start ${machineLoad().loadAverage1m}`);
  const rows: (string | number)[][] = [];
  for (const suite of SUITES) {
    // One untimed run each: compilation and caches.
    await hardhatTest(suite.dir, "hardhat.plain.config.ts");
    await hardhatTest(suite.dir, "hardhat.config.ts");
    const plain: Run[] = [];
    const plugin: Run[] = [];
    for (let round = 0; round < rounds; round++) {
      note(`${suite.name}: round ${round + 1}/${rounds}`);
      plain.push(await hardhatTest(suite.dir, "hardhat.plain.config.ts"));
      plugin.push(await hardhatTest(suite.dir, "hardhat.config.ts"));
    }
    const ratios = (of: (run: Run) => number) => median(plugin.map((p, i) => of(p) / of(plain[i] as Run)));
    rows.push([
      suite.name,
      median(plain.map((r) => r.wallMs)),
      median(plugin.map((r) => r.wallMs)),
      `${ratios((r) => r.wallMs).toFixed(2)}x`,
      median(plain.map((r) => r.cpuMs)),
      median(plugin.map((r) => r.cpuMs)),
      `${ratios((r) => r.cpuMs).toFixed(2)}x`,
    ]);
  }
  printTable(
    `medians of ${rounds} alternating rounds; load at end ${machineLoad().loadAverage1m}`,
    [
      { header: "suite", align: "left" },
      { header: "plain ms" },
      { header: "plugin ms" },
      { header: "wall ratio" },
      { header: "plain cpu ms" },
      { header: "plugin cpu ms" },
      { header: "cpu ratio" },
    ],
    rows,
  );
}

const roundsFlag = process.argv.indexOf("--rounds");
await main(roundsFlag === -1 ? 5 : Number(process.argv[roundsFlag + 1]));
