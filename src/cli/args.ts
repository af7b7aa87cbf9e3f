/**
 * Command-line parsing, with anvil's flag names so that Foundry users' habits carry over. One
 * table of flags drives both the parser and `helpText()`, so the help cannot drift from what is
 * accepted; the chain's defaults in it are the devnet's DEFAULT_OPTIONS. Everything wrong with
 * a command line is a CliUsageError naming the flag.
 */
import { availableParallelism } from "node:os";
import type { Hardfork } from "@ethereumjs/common";
import { DEFAULT_OPTIONS } from "../devnet/DevnetOptions.js";
import type { ForkOptions } from "../devnet/fork/ForkOptions.js";
import { HARDFORKS, hardforkNames, resolveHardfork } from "../execution/hardforks.js";
import { CliUsageError } from "./CliUsageError.js";

export { HARDFORKS };

/** A hardfork as @ethereumjs/common names it ("prague", "tangerineWhistle"). */
export type HardforkName = Hardfork;

export type MiningMode =
  /** A block per transaction (anvil's default). */
  | { mode: "auto" }
  /** A block every `blockTime` seconds (--block-time). */
  | { mode: "interval"; blockTime: number }
  /** Blocks only on evm_mine / anvil_mine (--no-mining). */
  | { mode: "manual" };

export type CliOptions = {
  port: number;
  host: string;
  /** Absent when forking without --chain-id: the remote's. */
  chainId?: bigint;
  accounts: number;
  /** Per dev account, in wei (the flag is in ETH). */
  balanceWei: bigint;
  mnemonic: string;
  mining: MiningMode;
  /** Tx pool order: "fees" (highest tip first, anvil's "fees") or "fifo". */
  order: "fees" | "fifo";
  gasLimit: bigint;
  /** Initial base fee, in wei. */
  baseFee: bigint;
  hardfork: HardforkName;
  silent: boolean;
  /** Threads executing a block in parallel: the main thread and threads - 1 workers. */
  threads: number;
  /** Execute blocks sequentially (parallelism off). */
  sequential: boolean;
  dumpState?: string;
  loadState?: string;
  /** Load from this file if it exists, and dump to it on exit. */
  state?: string;
  /** Seconds between periodic state dumps. */
  stateInterval?: number;
  /** Keep the state of the last N blocks only (--prune-history [N]; alone, 1). */
  pruneHistory?: number;
  /** Fork a remote chain (--fork-url and the flags that go with it). */
  fork?: ForkOptions;
};

export type CliCommand =
  | { command: "devnet"; options: CliOptions }
  | ReplayCommand
  | { command: "help" }
  | { command: "version" };

export type ReplayCommand = {
  command: "replay";
  /** The block folders, in the order given. */
  dirs: string[];
  json: boolean;
  threads: number;
  /** Untimed rounds over all the blocks (--warmup); absent when not given. */
  warmup?: number;
  /** Timed rounds over all the blocks (--rounds); absent when not given. */
  rounds?: number;
};

type FlagSpec = {
  /** Long name without dashes; also the key of the parsed value. */
  name: string;
  short?: string;
  /** Other long names anvil accepts. */
  aliases?: string[];
  /** Placeholder of the value; absent for switches. */
  value?: string;
  /** Given several times, every value counts (--fork-header). */
  repeatable?: true;
  /** The value may be left out (--prune-history [N]): the flag alone then reads as `true`. */
  optionalValue?: true;
  help: string;
  /** The value when the flag is absent, as it would be typed; the parser and the help both read it. */
  default?: string;
  /** How the help shows the default, when the typed value would not say it ("0" threads). */
  shownDefault?: string;
  group: string;
};

const DEVNET_FLAGS: readonly FlagSpec[] = [
  {
    group: "Server",
    name: "port",
    short: "p",
    value: "NUM",
    default: "8545",
    help: "Port for HTTP and WebSocket; 0 picks a free one",
  },
  { group: "Server", name: "host", value: "IP_ADDR", default: "127.0.0.1", help: "Address to listen on" },
  { group: "Server", name: "silent", help: "Print nothing: no banner, no method names" },
  {
    group: "Chain",
    name: "chain-id",
    aliases: ["chainId"],
    value: "CHAIN_ID",
    default: String(DEFAULT_OPTIONS.chainId),
    help: "Chain id",
  },
  {
    group: "Chain",
    name: "accounts",
    short: "a",
    value: "NUM",
    default: String(DEFAULT_OPTIONS.accounts),
    help: "Number of dev accounts",
  },
  {
    group: "Chain",
    name: "balance",
    value: "ETH",
    default: etherText(DEFAULT_OPTIONS.balance),
    help: "Balance of each dev account, in ETH",
  },
  {
    group: "Chain",
    name: "mnemonic",
    short: "m",
    value: "MNEMONIC",
    default: DEFAULT_OPTIONS.mnemonic,
    help: "BIP39 mnemonic of the dev accounts",
  },
  {
    group: "Chain",
    name: "gas-limit",
    value: "GAS",
    default: String(DEFAULT_OPTIONS.gasLimit),
    help: "Block gas limit",
  },
  {
    group: "Chain",
    name: "base-fee",
    aliases: ["block-base-fee-per-gas"],
    value: "WEI",
    default: String(DEFAULT_OPTIONS.baseFee),
    help: "Base fee of the first block, in wei",
  },
  {
    group: "Chain",
    name: "hardfork",
    value: "HARDFORK",
    default: DEFAULT_OPTIONS.hardfork,
    help: "EVM hardfork: prague, cancun, shanghai, paris, london, berlin, …",
  },
  {
    group: "Mining",
    name: "block-time",
    short: "b",
    aliases: ["blockTime"],
    value: "SECONDS",
    help: "Mine a block every SECONDS (fractions allowed) instead of one per transaction",
  },
  { group: "Mining", name: "no-mining", aliases: ["no-mine"], help: "Mine only on evm_mine / anvil_mine" },
  {
    group: "Mining",
    name: "order",
    value: "ORDER",
    default: DEFAULT_OPTIONS.order,
    help: "Tx pool order: fees (highest tip first) or fifo",
  },
  {
    group: "Parallel execution",
    name: "threads",
    short: "j",
    value: "N",
    default: "0",
    shownDefault: "available cores",
    help: "Threads executing a block: the main thread and N-1 workers (0: available cores)",
  },
  { group: "Parallel execution", name: "sequential", help: "Execute blocks sequentially" },
  {
    group: "State",
    name: "prune-history",
    value: "N",
    optionalValue: true,
    help: "Keep the state of the last N blocks only (alone: the head's only); default: every block's",
  },
  { group: "State", name: "dump-state", value: "PATH", help: "Write the chain state to PATH on exit" },
  { group: "State", name: "load-state", value: "PATH", help: "Start from the state saved in PATH" },
  { group: "State", name: "state", value: "PATH", help: "Load PATH if it exists, and dump to it on exit" },
  {
    group: "State",
    name: "state-interval",
    short: "s",
    value: "SECONDS",
    help: "Also dump the state every SECONDS",
  },
  {
    group: "Fork",
    name: "fork-url",
    short: "f",
    aliases: ["rpc-url"],
    value: "URL",
    help: "Fork the chain at this JSON-RPC URL",
  },
  {
    group: "Fork",
    name: "fork-block-number",
    value: "BLOCK",
    shownDefault: "the remote's latest",
    help: "Fork at this block",
  },
  { group: "Fork", name: "fork-chain-id", value: "CHAIN_ID", help: "The remote's chain id, not asked then" },
  {
    group: "Fork",
    name: "fork-header",
    value: "HEADER",
    repeatable: true,
    help: 'HTTP header for the remote, "Key: Value" (repeatable)',
  },
  { group: "Fork", name: "retries", value: "N", default: "5", help: "Retries of a failed remote request" },
  {
    group: "Fork",
    name: "fork-retry-backoff",
    value: "MS",
    default: "1000",
    help: "Wait before the first retry, doubled at each, in ms",
  },
  { group: "Fork", name: "timeout", value: "MS", default: "45000", help: "Limit of a remote request, in ms" },
  {
    group: "Fork",
    name: "compute-units-per-second",
    value: "CUPS",
    help: "Throttle remote requests (each read counts 20 units)",
  },
  { group: "Fork", name: "no-storage-caching", help: "Keep no disk cache of the remote's state" },
  {
    group: "Fork",
    name: "cache-path",
    value: "PATH",
    shownDefault: "~/.pevm-devnet/cache/fork",
    help: "Where the remote's state is cached",
  },
  { group: "Other", name: "help", short: "h", help: "Print this help" },
  { group: "Other", name: "version", short: "V", help: "Print the version" },
];

const REPLAY_FLAGS: readonly FlagSpec[] = [
  { group: "Replay", name: "json", help: "Print the block report as JSON (one line per block)" },
  {
    group: "Replay",
    name: "threads",
    short: "j",
    value: "N",
    default: "0",
    shownDefault: "available cores",
    help: "Threads executing a block: the main thread and N-1 workers (0: available cores)",
  },
  {
    group: "Replay",
    name: "warmup",
    value: "N",
    // Shown only: an absent --warmup / --rounds keeps the one-block report of a single folder.
    shownDefault: "1",
    help: "Untimed rounds over all the blocks before the timed ones",
  },
  {
    group: "Replay",
    name: "rounds",
    value: "N",
    shownDefault: "1",
    help: "Timed rounds over all the blocks; each block's median is shown",
  },
  { group: "Replay", name: "help", short: "h", help: "Print this help" },
];

/**
 * Parses the arguments after the program name.
 * @example parseCliArgs(["--port", "0", "--no-mining"]) // { command: "devnet", options: { port: 0, … } }
 * @throws CliUsageError for an unknown flag, a missing or malformed value, or flags that conflict.
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const beforeDashDash = argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length);
  // --help and --version win over everything else on the line, mistakes included.
  if (beforeDashDash.some((arg) => arg === "--help" || arg === "-h")) return { command: "help" };
  if (beforeDashDash.some((arg) => arg === "--version" || arg === "-V")) return { command: "version" };
  if (argv[0] === "replay") return parseReplay(argv.slice(1));

  const { flags, positionals, lists } = readFlags(argv, DEVNET_FLAGS);
  if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}" (see --help)`);
  const str = (name: string) => {
    const value = flags.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const on = (name: string) => flags.get(name) === true;
  /** A flag with a default always has a value. */
  const given = (name: string) => {
    const value = str(name);
    if (value === undefined) throw new Error(`--${name} has no default`);
    return value;
  };

  if (on("no-mining") && str("block-time") !== undefined) {
    throw new CliUsageError("--no-mining and --block-time cannot be used together");
  }
  if (str("state") !== undefined && (str("dump-state") !== undefined || str("load-state") !== undefined)) {
    throw new CliUsageError("--state cannot be used with --dump-state or --load-state (it means both)");
  }
  const blockTime = str("block-time");
  const stateInterval = str("state-interval");
  const fork = forkOptions(str, on, lists.get("fork-header") ?? []);
  const chainIdGiven = argv.some((arg) => /^--(chain-id|chainId)(=|$)/.test(arg));
  const options: CliOptions = {
    port: integer("--port", given("port"), 0, 65_535),
    host: nonEmpty("--host", given("host")),
    accounts: integer("--accounts", given("accounts"), 0, 1_000_000),
    balanceWei: ether("--balance", given("balance")),
    mnemonic: nonEmpty("--mnemonic", given("mnemonic")),
    mining: on("no-mining")
      ? { mode: "manual" }
      : blockTime === undefined
        ? { mode: "auto" }
        : { mode: "interval", blockTime: positiveSeconds("--block-time", blockTime) },
    order: txOrder(given("order")),
    gasLimit: bigInteger("--gas-limit", given("gas-limit"), 1n, 2n ** 64n - 1n),
    baseFee: bigInteger("--base-fee", given("base-fee"), 0n, 2n ** 256n - 1n),
    hardfork: hardfork(given("hardfork")),
    silent: on("silent"),
    threads: threads(given("threads")),
    sequential: on("sequential"),
  };
  // Unless --chain-id says otherwise, the chain id is 31337, or the remote's when forking (also
  // after anvil_reset / hardhat_reset to a fork of another chain).
  if (chainIdGiven) options.chainId = bigInteger("--chain-id", given("chain-id"), 1n, 2n ** 64n - 1n);
  if (fork !== undefined) options.fork = fork;
  for (const [name, key] of [
    ["dump-state", "dumpState"],
    ["load-state", "loadState"],
    ["state", "state"],
  ] as const) {
    const path = str(name);
    if (path !== undefined) options[key] = nonEmpty(`--${name}`, path);
  }
  if (stateInterval !== undefined) options.stateInterval = positiveSeconds("--state-interval", stateInterval);
  const prune = flags.get("prune-history");
  // Alone, as anvil's: no history beyond the head's state.
  if (prune !== undefined)
    options.pruneHistory = prune === true ? 1 : integer("--prune-history", prune, 1, 2 ** 32);
  return { command: "devnet", options };
}

/** The --fork-* flags; undefined without --fork-url (the others then make no sense). */
function forkOptions(
  str: (name: string) => string | undefined,
  on: (name: string) => boolean,
  headers: readonly string[],
): ForkOptions | undefined {
  const url = str("fork-url");
  if (url === undefined) {
    for (const name of ["fork-block-number", "fork-chain-id", "fork-header", "compute-units-per-second"]) {
      if (str(name) !== undefined) throw new CliUsageError(`--${name} needs --fork-url`);
    }
    return undefined;
  }
  const fork: ForkOptions = {
    url: nonEmpty("--fork-url", url),
    retries: integer("--retries", str("retries") ?? "5", 0, 100),
    retryBackoffMs: integer("--fork-retry-backoff", str("fork-retry-backoff") ?? "1000", 0, 3_600_000),
    timeoutMs: integer("--timeout", str("timeout") ?? "45000", 1, 3_600_000),
  };
  const block = str("fork-block-number");
  if (block !== undefined) fork.blockNumber = bigInteger("--fork-block-number", block, 0n, 2n ** 64n - 1n);
  const chainId = str("fork-chain-id");
  if (chainId !== undefined) fork.chainId = bigInteger("--fork-chain-id", chainId, 1n, 2n ** 64n - 1n);
  const cups = str("compute-units-per-second");
  if (cups !== undefined)
    fork.computeUnitsPerSecond = integer("--compute-units-per-second", cups, 1, 1_000_000_000);
  if (on("no-storage-caching")) fork.noStorageCaching = true;
  const cachePath = str("cache-path");
  if (cachePath !== undefined) fork.cachePath = nonEmpty("--cache-path", cachePath);
  if (headers.length > 0) {
    fork.headers = {};
    for (const header of headers) {
      const colon = header.indexOf(":");
      if (colon <= 0) throw new CliUsageError(`--fork-header expects "Key: Value", got "${header}"`);
      fork.headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
    }
  }
  return fork;
}

function parseReplay(argv: readonly string[]): ReplayCommand {
  const { flags, positionals } = readFlags(argv, REPLAY_FLAGS);
  if (positionals.length === 0)
    throw new CliUsageError("replay expects a block directory: pevm-devnet replay <DIR> [DIR ...]");
  const value = (name: string) => {
    const flag = flags.get(name);
    return typeof flag === "string" ? flag : undefined;
  };
  const command: ReplayCommand = {
    command: "replay",
    dirs: positionals,
    json: flags.get("json") === true,
    threads: threads(value("threads") ?? "0"),
  };
  const warmup = value("warmup");
  const rounds = value("rounds");
  if (warmup !== undefined) command.warmup = integer("--warmup", warmup, 0, 1_000);
  if (rounds !== undefined) command.rounds = integer("--rounds", rounds, 1, 1_000);
  return command;
}

/**
 * Splits argv into flag values (by long name; `true` for switches, the default for an absent
 * flag that has one) and positionals.
 */
function readFlags(argv: readonly string[], specs: readonly FlagSpec[]) {
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    const spec = specs.find(
      (s) => flag === `--${s.name}` || flag === `-${s.short}` || s.aliases?.some((a) => flag === `--${a}`),
    );
    if (spec === undefined) throw new CliUsageError(`unknown flag ${flag} (see --help)`);
    if (spec.value === undefined) {
      if (equals !== -1) throw new CliUsageError(`--${spec.name} takes no value`);
      flags.set(spec.name, true);
      continue;
    }
    const next = argv[i + 1];
    if (spec.optionalValue === true && equals === -1 && (next === undefined || next.startsWith("-"))) {
      flags.set(spec.name, true);
      continue;
    }
    const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
    // "--port --silent" is a forgotten value, not a port called "--silent".
    if (value === undefined || value.startsWith("--")) {
      throw new CliUsageError(`--${spec.name} expects a value: <${spec.value}>`);
    }
    flags.set(spec.name, value); // a repeated flag: the last one wins, so scripts can be overridden
    if (spec.repeatable === true) lists.set(spec.name, [...(lists.get(spec.name) ?? []), value]);
  }
  for (const spec of specs) {
    if (spec.default !== undefined && !flags.has(spec.name)) flags.set(spec.name, spec.default);
  }
  return { flags, positionals, lists };
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new CliUsageError(`${flag} expects a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function bigInteger(flag: string, text: string, min: bigint, max: bigint): bigint {
  const value = /^\d+$/.test(text) ? BigInt(text) : undefined;
  if (value === undefined || value < min || value > max) {
    const range = max > 2n ** 53n ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new CliUsageError(`${flag} expects a whole number ${range}, got "${text}"`);
  }
  return value;
}

function positiveSeconds(flag: string, text: string): number {
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0 && Number.isFinite(value))) {
    throw new CliUsageError(`${flag} expects a positive number of seconds, got "${text}"`);
  }
  return value;
}

/** Wei as the --balance flag takes it: 10000n * 10n ** 18n is "10000", 5n * 10n ** 17n "0.5". */
function etherText(wei: bigint): string {
  const fraction = (wei % 10n ** 18n).toString().padStart(18, "0").replace(/0+$/, "");
  return `${wei / 10n ** 18n}${fraction === "" ? "" : `.${fraction}`}`;
}

/** "10000" or "0.5" ETH to wei, exactly (no floating point). */
function ether(flag: string, text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,18}))?$/.exec(text);
  if (match === null)
    throw new CliUsageError(`${flag} expects an amount of ETH such as 10000 or 0.5, got "${text}"`);
  const [, whole = "0", fraction = ""] = match;
  return BigInt(whole) * 10n ** 18n + BigInt(fraction.padEnd(18, "0"));
}

function nonEmpty(flag: string, text: string): string {
  if (text.trim() === "") throw new CliUsageError(`${flag} expects a non-empty value`);
  return text;
}

function txOrder(text: string): "fees" | "fifo" {
  if (text === "fees" || text === "priority") return "fees";
  if (text === "fifo") return "fifo";
  throw new CliUsageError(`--order expects fees or fifo, got "${text}"`);
}

function hardfork(text: string): HardforkName {
  const name = resolveHardfork(text);
  if (name !== undefined) return name;
  throw new CliUsageError(`--hardfork expects one of ${hardforkNames().join(", ")}, got "${text}"`);
}

function threads(text: string): number {
  const count = integer("--threads", text, 0, 1024);
  return count === 0 ? availableParallelism() : count;
}

/** Usage text listing every flag and its default, grouped as anvil's --help. */
export function helpText(): string {
  const lines = [
    "pevm-devnet: a local Ethereum devnet that executes each block's transactions in parallel",
    "",
    "Usage:",
    "  pevm-devnet [OPTIONS]",
    "  pevm-devnet replay <DIR> [DIR ...] [--json] [--threads <N>] [--warmup <N>] [--rounds <N>]",
  ];
  const all = [...DEVNET_FLAGS, ...REPLAY_FLAGS.filter((s) => s.name !== "help")];
  const label = (s: FlagSpec) =>
    `${s.short === undefined ? "    " : `-${s.short}, `}--${s.name}${s.value === undefined ? "" : ` <${s.value}>`}`;
  const width = Math.max(...all.map((s) => label(s).length)) + 2;
  let group = "";
  for (const spec of all) {
    if (spec.group !== group) {
      group = spec.group;
      lines.push("", `${group}${group === "Replay" ? " (pevm-devnet replay <DIR> [DIR ...])" : ""}:`);
    }
    const shown = spec.shownDefault ?? (spec.default?.includes(" ") ? `"${spec.default}"` : spec.default);
    const fallback = shown === undefined ? "" : ` [default: ${shown}]`;
    lines.push(`  ${label(spec).padEnd(width)}${spec.help}${fallback}`);
  }
  return `${lines.join("\n")}\n`;
}
