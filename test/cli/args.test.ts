import { availableParallelism } from "node:os";
import { Hardfork } from "@ethereumjs/common";
import { describe, expect, it } from "vitest";
import { type CliOptions, HARDFORKS, helpText, parseCliArgs } from "../../src/cli/args.js";
import { CliUsageError } from "../../src/cli/CliUsageError.js";
import { DEFAULT_OPTIONS } from "../../src/devnet/DevnetOptions.js";
import { isDevnetError } from "../../src/errors/DevnetError.js";

function options(...argv: string[]): CliOptions {
  const parsed = parseCliArgs(argv);
  if (parsed.command !== "devnet") throw new Error(`expected devnet, got ${parsed.command}`);
  return parsed.options;
}

function usageError(...argv: string[]): CliUsageError {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof CliUsageError) return error;
    throw error;
  }
  throw new Error(`accepted ${argv.join(" ")}`);
}

describe("parseCliArgs", () => {
  it("gives anvil's defaults", () => {
    expect(options()).toEqual({
      port: 8545,
      host: "127.0.0.1",
      accounts: 10,
      balanceWei: 10_000n * 10n ** 18n,
      mnemonic: "test test test test test test test test test test test junk",
      mining: { mode: "auto" },
      order: "fees",
      gasLimit: 30_000_000n,
      baseFee: 1_000_000_000n,
      hardfork: "prague",
      silent: false,
      threads: availableParallelism(),
      sequential: false,
    });
  });

  it("reads every flag, long and short, with a space or =", () => {
    const parsed = options(
      "-p",
      "0",
      "--host=0.0.0.0",
      "--chain-id",
      "1337",
      "-a",
      "3",
      "--balance",
      "0.5",
      "-m",
      "abandon abandon about",
      "--order",
      "fifo",
      "--gas-limit",
      "60000000",
      "--base-fee=7",
      "--hardfork",
      "Cancun",
      "--silent",
      "--threads",
      "4",
      "--sequential",
      "--dump-state",
      "out.json",
      "--load-state",
      "in.json",
      "--state-interval",
      "2.5",
    );
    expect(parsed).toEqual({
      port: 0,
      host: "0.0.0.0",
      chainId: 1337n,
      accounts: 3,
      balanceWei: 5n * 10n ** 17n,
      mnemonic: "abandon abandon about",
      mining: { mode: "auto" },
      order: "fifo",
      gasLimit: 60_000_000n,
      baseFee: 7n,
      hardfork: "cancun",
      silent: true,
      threads: 4,
      sequential: true,
      dumpState: "out.json",
      loadState: "in.json",
      stateInterval: 2.5,
    });
  });

  it("reads the mining modes", () => {
    expect(options("--block-time", "0.5").mining).toEqual({ mode: "interval", blockTime: 0.5 });
    expect(options("-b", "12").mining).toEqual({ mode: "interval", blockTime: 12 });
    expect(options("--no-mining").mining).toEqual({ mode: "manual" });
  });

  it("reads --prune-history with a count, and alone as anvil's: the head's state only", () => {
    expect(options().pruneHistory).toBeUndefined();
    expect(options("--prune-history", "64").pruneHistory).toBe(64);
    expect(options("--prune-history=8", "--silent").pruneHistory).toBe(8);
    expect(options("--prune-history").pruneHistory).toBe(1);
    expect(options("--prune-history", "--silent")).toMatchObject({ pruneHistory: 1, silent: true });
  });

  it("accepts anvil's spellings: priority order, hardfork aliases, --state, -j 0", () => {
    expect(options("--order", "priority").order).toBe("fees");
    expect(options("--hardfork", "merge").hardfork).toBe("paris");
    expect(options("--hardfork", "tangerine-whistle").hardfork).toBe("tangerineWhistle");
    expect(options("--hardfork", "latest").hardfork).toBe("prague");
    expect(options("--state", "s.json").state).toBe("s.json");
    expect(options("-j", "0").threads).toBe(availableParallelism());
    expect(options("--port", "1", "--port", "2").port).toBe(2);
  });

  it("maps every hardfork to a name @ethereumjs/common knows", () => {
    const known = new Set<string>(Object.values(Hardfork));
    for (const name of Object.values(HARDFORKS)) expect(known.has(name), name).toBe(true);
  });

  it("recognises help, version and replay", () => {
    expect(parseCliArgs(["--help"])).toEqual({ command: "help" });
    expect(parseCliArgs(["--port", "x", "-h"])).toEqual({ command: "help" });
    expect(parseCliArgs(["-V"])).toEqual({ command: "version" });
    expect(parseCliArgs(["replay", "blocks/15537394"])).toEqual({
      command: "replay",
      dirs: ["blocks/15537394"],
      json: false,
      threads: availableParallelism(),
    });
    expect(parseCliArgs(["replay", "--json", "--threads", "2", "dir"])).toEqual({
      command: "replay",
      dirs: ["dir"],
      json: true,
      threads: 2,
    });
    expect(parseCliArgs(["replay", "a", "b", "--warmup", "0", "--rounds=5"])).toEqual({
      command: "replay",
      dirs: ["a", "b"],
      json: false,
      threads: availableParallelism(),
      warmup: 0,
      rounds: 5,
    });
  });

  it("throws CliUsageError, not a DevnetError, for bad command lines", () => {
    const bad = [
      ["--bogus"],
      ["--port", "abc"],
      ["--port", "65536"],
      ["--port", "-1"],
      ["--port"],
      ["--port", "--silent"],
      ["--block-time", "0"],
      ["--block-time", "-1"],
      ["--block-time", "soon"],
      ["--no-mining", "--block-time", "1"],
      ["--hardfork", "glamsterdam"],
      ["--order", "random"],
      ["--chain-id", "0"],
      ["--balance", "1e3"],
      ["--silent=yes"],
      ["--state", "a", "--dump-state", "b"],
      ["--state-interval", "0"],
      ["--prune-history", "0"],
      ["--prune-history", "many"],
      ["--threads", "two"],
      ["extra"],
      ["replay"],
      ["replay", "a", "--rounds", "0"],
      ["replay", "a", "--warmup", "x"],
      ["replay", "a", "--port", "1"],
    ];
    for (const argv of bad) {
      const error = usageError(...argv);
      expect(error, argv.join(" ")).toBeInstanceOf(CliUsageError);
      expect(isDevnetError(error)).toBe(false);
    }
  });
});

// The one place messages are pinned: they are what a user sees.
describe("messages", () => {
  it("say which flag and what it expects, on one line", () => {
    expect(usageError("--bogus").message).toBe("unknown flag --bogus (see --help)");
    expect(usageError("--port", "99999").message).toBe(
      '--port expects a whole number from 0 to 65535, got "99999"',
    );
    expect(usageError("--block-time", "0").message).toBe(
      '--block-time expects a positive number of seconds, got "0"',
    );
    expect(usageError("--no-mining", "-b", "1").message).toBe(
      "--no-mining and --block-time cannot be used together",
    );
    expect(usageError("--order", "x").message).toBe('--order expects fees or fifo, got "x"');
    expect(usageError("--mnemonic").message).toBe("--mnemonic expects a value: <MNEMONIC>");
    expect(usageError("--hardfork", "x").message).toMatch(/^--hardfork expects one of .*prague.*, got "x"$/);
    for (const argv of [["--port", "x"], ["--balance", "x"], ["replay"]]) {
      expect(usageError(...argv).message).not.toContain("\n");
    }
  });
});

describe("defaults", () => {
  it("are the devnet's own, in the parser and in the help alike", () => {
    const parsed = options();
    // Not pinned: the devnet's default, or a fork's remote's.
    expect(parsed.chainId).toBeUndefined();
    expect(parsed.accounts).toBe(DEFAULT_OPTIONS.accounts);
    expect(parsed.balanceWei).toBe(DEFAULT_OPTIONS.balance);
    expect(parsed.mnemonic).toBe(DEFAULT_OPTIONS.mnemonic);
    expect(parsed.gasLimit).toBe(DEFAULT_OPTIONS.gasLimit);
    expect(parsed.baseFee).toBe(DEFAULT_OPTIONS.baseFee);
    expect(parsed.hardfork).toBe(DEFAULT_OPTIONS.hardfork);
    expect(parsed.order).toBe(DEFAULT_OPTIONS.order);
    const text = helpText();
    expect(text).toContain(`[default: "${DEFAULT_OPTIONS.mnemonic}"]`);
    expect(text).toContain(`[default: ${DEFAULT_OPTIONS.hardfork}]`);
    expect(text).toContain("[default: available cores]");
    const replay = parseCliArgs(["replay", "dir"]);
    expect(replay).toMatchObject({ command: "replay", threads: availableParallelism() });
  });
});

describe("helpText", () => {
  it("lists every flag with its default", () => {
    const text = helpText();
    for (const flag of [
      "--port <NUM>",
      "--host",
      "--chain-id",
      "--accounts",
      "--balance",
      "--mnemonic",
      "--block-time",
      "--no-mining",
      "--order",
      "--gas-limit",
      "--base-fee",
      "--hardfork",
      "--silent",
      "--threads",
      "--sequential",
      "--dump-state",
      "--load-state",
      "--state <PATH>",
      "--state-interval",
      "--prune-history <N>",
      "--json",
      "--help",
      "--version",
    ]) {
      expect(text).toContain(flag);
    }
    for (const fallback of [
      "8545",
      "127.0.0.1",
      "31337",
      "10000",
      "30000000",
      "1000000000",
      "prague",
      "fees",
    ]) {
      expect(text).toContain(`[default: ${fallback}]`);
    }
  });
});

describe("the fork flags", () => {
  it("read anvil's names, and leave the chain id to the remote unless --chain-id is given", () => {
    const parsed = options(
      "-f",
      "http://127.0.0.1:8545",
      "--fork-block-number",
      "12",
      "--fork-header",
      "Authorization: Bearer x",
      "--fork-header",
      "X-Api: y",
      "--retries",
      "2",
      "--fork-retry-backoff",
      "50",
      "--timeout",
      "3000",
      "--compute-units-per-second",
      "330",
      "--no-storage-caching",
      "--fork-chain-id",
      "1",
    );
    expect(parsed.chainId).toBeUndefined();
    expect(parsed.fork).toEqual({
      url: "http://127.0.0.1:8545",
      blockNumber: 12n,
      chainId: 1n,
      headers: { Authorization: "Bearer x", "X-Api": "y" },
      retries: 2,
      retryBackoffMs: 50,
      timeoutMs: 3000,
      computeUnitsPerSecond: 330,
      noStorageCaching: true,
    });
    expect(options("--rpc-url", "http://x", "--chain-id", "7").chainId).toBe(7n);
    expect(options().fork).toBeUndefined();
  });

  it("refuse what makes no sense without --fork-url, or a header without a colon", () => {
    expect(usageError("--fork-block-number", "1").message).toContain("--fork-url");
    expect(usageError("-f", "http://x", "--fork-header", "nocolon").message).toContain("--fork-header");
  });
});
