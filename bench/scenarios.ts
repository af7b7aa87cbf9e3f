/**
 * The blocks the benchmark times, as unsigned transaction specs over a BenchWorld. Every sender
 * sends one transaction at its current nonce, so a block can be executed again and again on the
 * same pre-state.
 */
import { counterCalls, nftCalls, pairCalls, tokenCalls } from "./contracts.ts";
import { type BenchWorld, UNIT } from "./fixtures.ts";
import { freshAddress, type TxSpec } from "./signing.ts";

const TRANSFER_GAS = 100_000n;
const SWAP_GAS = 200_000n;

/** Kinds of fresh receiver addresses (first byte), so scenarios never share receivers. */
const RECEIVER = { erc20: 0xe2, eth: 0xe1 } as const;

export type TxKind = "erc20" | "eth" | "swap" | "counter" | "nft";

export interface Scenario {
  name: string;
  /** What makes the transactions (in)dependent, for the report. */
  shape: string;
  specs(bench: BenchWorld, size: number): TxSpec[];
}

/** One transaction of the given kind from holder `i`. */
export function txOfKind(bench: BenchWorld, kind: TxKind, i: number): TxSpec {
  const from = bench.holders[i];
  if (from === undefined)
    throw new Error(`the world has only ${bench.holders.length} holders (need ${i + 1})`);
  const nonce = bench.nonceOf(from.address);
  switch (kind) {
    case "erc20":
      return {
        from,
        nonce,
        to: bench.token,
        data: tokenCalls.transfer(freshAddress(RECEIVER.erc20, i), 1n * UNIT),
        gasLimit: TRANSFER_GAS,
      };
    case "eth":
      return { from, nonce, to: freshAddress(RECEIVER.eth, i), value: 1_000_000_000n, gasLimit: 21_000n };
    case "swap":
      return {
        from,
        nonce,
        to: bench.poolOf(i).pair,
        data: pairCalls.swap(1n * UNIT, true),
        gasLimit: SWAP_GAS,
      };
    case "counter":
      return { from, nonce, to: bench.counter, data: counterCalls.increment(), gasLimit: TRANSFER_GAS };
    case "nft":
      return { from, nonce, to: bench.nft, data: nftCalls.mint(), gasLimit: SWAP_GAS };
  }
}

/** ERC-20 transfers from holder i to holder i+1 (every receiver already holds tokens). */
export function transfersBetweenHolders(bench: BenchWorld, size: number): TxSpec[] {
  const n = bench.holders.length;
  return Array.from({ length: size }, (_, k) => {
    const from = bench.holders[k % n];
    const to = bench.holders[(k + 1) % n];
    if (from === undefined || to === undefined) throw new Error("no holders");
    return {
      from,
      nonce: bench.nonceOf(from.address) + BigInt(Math.floor(k / n)),
      to: bench.token,
      data: tokenCalls.transfer(to.address, 1n * UNIT),
      gasLimit: TRANSFER_GAS,
    };
  });
}

/** How many senders the nonce-chain scenario spreads its transfers over (a devnet's dev accounts). */
const CHAIN_SENDERS = 10;

/**
 * ERC-20 transfers to fresh receivers from a few senders in turn, as a devnet's dev accounts send
 * them: every sender's transfers form a nonce chain interleaved with the others'.
 */
function transfersFromFewSenders(bench: BenchWorld, size: number): TxSpec[] {
  return Array.from({ length: size }, (_, k) => {
    const from = bench.holders[k % CHAIN_SENDERS];
    if (from === undefined) throw new Error("no holders");
    return {
      from,
      nonce: bench.nonceOf(from.address) + BigInt(Math.floor(k / CHAIN_SENDERS)),
      to: bench.token,
      data: tokenCalls.transfer(freshAddress(RECEIVER.erc20, k), 1n * UNIT),
      gasLimit: TRANSFER_GAS,
    };
  });
}

function uniform(kind: TxKind): Scenario["specs"] {
  return (bench, size) => Array.from({ length: size }, (_, i) => txOfKind(bench, kind, i));
}

/** The realistic mix: 40% ERC-20, 20% ETH, 20% swaps, 10% counter, 10% NFT mints, shuffled. */
const MIX: readonly [TxKind, number][] = [
  ["erc20", 0.4],
  ["eth", 0.2],
  ["swap", 0.2],
  ["counter", 0.1],
  ["nft", 0.1],
];

function mixed(bench: BenchWorld, size: number): TxSpec[] {
  const kinds: TxKind[] = [];
  for (const [kind, share] of MIX) for (let k = 0; k < Math.round(size * share); k++) kinds.push(kind);
  while (kinds.length < size) kinds.push("erc20");
  kinds.length = size;
  shuffle(kinds, 0x5eed);
  return kinds.map((kind, i) => txOfKind(bench, kind, i));
}

export const SCENARIOS: readonly Scenario[] = [
  { name: "ERC-20 transfers", shape: "distinct senders and receivers", specs: uniform("erc20") },
  {
    name: "ERC-20 from 10 senders",
    shape: "10 interleaved nonce chains, distinct receivers",
    specs: transfersFromFewSenders,
  },
  { name: "ETH transfers", shape: "distinct senders and receivers", specs: uniform("eth") },
  { name: "AMM swaps", shape: "20 pools, reserves hot per pool", specs: uniform("swap") },
  { name: "hot counter", shape: "every tx writes one slot", specs: uniform("counter") },
  { name: "mix", shape: "40/20/20/10/10 erc20/eth/swap/counter/nft", specs: mixed },
];

/** Fisher-Yates with a seeded generator (mulberry32), so every run times the same block. */
function shuffle<T>(items: T[], seed: number): void {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
