/**
 * Random blocks over the test world, for the property tests that hold an executor to the
 * sequential one: a block is a list of operations (an ETH or token transfer, a shared counter,
 * creations, reverts, self-destructs, the fee recipient read or paid, a bank's deposits,
 * withdrawals and balance), each from one of the world's senders, turned into signed-alike
 * transactions with nonces counted in order.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import fc from "fast-check";
import type { BlockInput } from "../../src/execution/types.js";
import type { TestWorld } from "./testWorld.js";

/** One operation of a random block. */
export type Op =
  | { kind: "eth"; from: number; to: number; value: number }
  | { kind: "erc20"; from: number; to: number; amount: number }
  | { kind: "counter"; from: number }
  | { kind: "create"; from: number }
  | { kind: "create2"; from: number; salt: number }
  | { kind: "revert"; from: number }
  | { kind: "nested"; from: number; caught: boolean }
  | { kind: "selfdestruct"; from: number }
  | { kind: "readCoinbase"; from: number; afterCall?: boolean }
  | { kind: "payCoinbase"; from: number; value: number }
  | { kind: "deposit"; from: number; value: number }
  | { kind: "withdraw"; from: number; amount: number }
  | { kind: "bankBalance"; from: number };

/**
 * Operations from senders 0 to `senders` - 1 to receivers 0 to `receivers` (see receiverOf), of
 * the given kinds only.
 */
export function opArbitrary(options: {
  senders: number;
  receivers: number;
  kinds: readonly Op["kind"][];
}): fc.Arbitrary<Op> {
  const sender = fc.integer({ min: 0, max: options.senders - 1 });
  const receiver = fc.integer({ min: 0, max: options.receivers });
  const all: Record<Op["kind"], fc.Arbitrary<Op>> = {
    eth: fc.record({
      kind: fc.constant("eth" as const),
      from: sender,
      to: receiver,
      value: fc.integer({ min: 0, max: 1000 }),
    }),
    erc20: fc.record({
      kind: fc.constant("erc20" as const),
      from: sender,
      to: receiver,
      amount: fc.integer({ min: 0, max: 1000 }),
    }),
    counter: fc.record({ kind: fc.constant("counter" as const), from: sender }),
    create: fc.record({ kind: fc.constant("create" as const), from: sender }),
    create2: fc.record({
      kind: fc.constant("create2" as const),
      from: sender,
      salt: fc.integer({ min: 0, max: 3 }),
    }),
    revert: fc.record({ kind: fc.constant("revert" as const), from: sender }),
    nested: fc.record({ kind: fc.constant("nested" as const), from: sender, caught: fc.boolean() }),
    selfdestruct: fc.record({ kind: fc.constant("selfdestruct" as const), from: sender }),
    readCoinbase: fc.record({
      kind: fc.constant("readCoinbase" as const),
      from: sender,
      afterCall: fc.boolean(),
    }),
    payCoinbase: fc.record({
      kind: fc.constant("payCoinbase" as const),
      from: sender,
      value: fc.integer({ min: 1, max: 1000 }),
    }),
    deposit: fc.record({
      kind: fc.constant("deposit" as const),
      from: sender,
      value: fc.integer({ min: 1, max: 1000 }),
    }),
    withdraw: fc.record({
      kind: fc.constant("withdraw" as const),
      from: sender,
      amount: fc.integer({ min: 0, max: 1500 }),
    }),
    bankBalance: fc.record({ kind: fc.constant("bankBalance" as const), from: sender }),
  };
  return fc.oneof(...options.kinds.map((kind) => all[kind]));
}

/** Receivers below the world's sender count are the senders themselves, above that fresh addresses. */
export function receiverOf(w: TestWorld, i: number): string {
  return i < w.senders.length
    ? (w.senders[i] as string)
    : `0x${(0xbeef00 + i).toString(16).padStart(40, "0")}`;
}

/** The block of `ops` over the world, fees to `coinbase`; `senders` adds the senders' hints. */
export function blockOfOps(w: TestWorld, ops: Op[], coinbase: string, senders = true): BlockInput {
  const nonces = new Map<string, bigint>();
  const { token, counter, reverter, coinbaseReader, lateCoinbaseReader, bank } = w.contracts;
  const { token: tokenAbi, counter: counterAbi, reverter: reverterAbi } = w.interfaces;
  const transactions = ops.map((o): TypedTransaction => {
    const from = w.senders[o.from] as string;
    const nonce = nonces.get(from) ?? w.nonceOf(from);
    nonces.set(from, nonce + 1n);
    switch (o.kind) {
      case "eth":
        return w.tx(from, nonce, receiverOf(w, o.to), "0x", BigInt(o.value), 21_000n);
      case "erc20":
        return w.tx(
          from,
          nonce,
          token,
          tokenAbi.encodeFunctionData("transfer", [receiverOf(w, o.to), BigInt(o.amount)]),
        );
      case "counter":
        return w.tx(from, nonce, counter, counterAbi.encodeFunctionData("increment"));
      case "create":
        // Initcode that deploys a one-byte contract (STOP).
        return w.tx(from, nonce, undefined, "0x600a600c600039600a6000f3600160005260206000f300");
      case "create2":
        return w.tx(
          from,
          nonce,
          reverter,
          reverterAbi.encodeFunctionData("deploy", [`0x${o.salt.toString(16).padStart(64, "0")}`]),
        );
      case "revert":
        return w.tx(from, nonce, reverter, reverterAbi.encodeFunctionData("revertWithReason"));
      case "nested":
        return w.tx(
          from,
          nonce,
          reverter,
          reverterAbi.encodeFunctionData(o.caught ? "nestedCatch" : "nestedRevert", [reverter]),
        );
      case "selfdestruct":
        return w.tx(from, nonce, reverter, reverterAbi.encodeFunctionData("destroy"));
      case "readCoinbase":
        return w.tx(from, nonce, o.afterCall === true ? lateCoinbaseReader : coinbaseReader, "0x");
      case "payCoinbase":
        return w.tx(from, nonce, coinbase, "0x", BigInt(o.value), 21_000n);
      case "deposit":
        return w.tx(from, nonce, bank, "0x", BigInt(o.value), 100_000n);
      case "withdraw":
        return w.tx(from, nonce, bank, `0x${o.amount.toString(16).padStart(64, "0")}`, 0n, 100_000n);
      case "bankBalance":
        return w.tx(from, nonce, bank, "0x", 0n, 100_000n);
      default:
        throw new Error(`unknown operation ${JSON.stringify(o satisfies never)}`);
    }
  });
  const input: BlockInput = { header: w.header(coinbase), transactions, preState: w.world };
  if (senders) input.senders = transactions.map((tx) => tx.getSenderAddress().toString());
  return input;
}
