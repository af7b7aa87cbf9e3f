import { createBlockHeader } from "@ethereumjs/block";
import {
  type AccessList,
  createAccessList2930Tx,
  createFeeMarket1559Tx,
  createLegacyTx,
  type TypedTransaction,
} from "@ethereumjs/tx";
import {
  createAddressFromString,
  hexToBytes,
  KECCAK256_NULL,
  type PrefixedHexString,
} from "@ethereumjs/util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keccak256 } from "../../src/crypto/nativeCrypto.js";
import { claimSender } from "../../src/execution/internals/claimSender.js";
import { createSharedCommon } from "../../src/execution/SharedCommon.js";
import { createExecutionContext, executeBlockSequential } from "../../src/execution/sequentialExecutor.js";
import type { BlockExecution } from "../../src/execution/types.js";
import type { BlockChange } from "../../src/state/JournaledState.js";
import { WorldState } from "../../src/state/WorldState.js";

const at = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const RICH = at(0xa1);
const POOR = at(0xa2);
const ABSENT = at(0xa3);
const CONTRACT = at(0xa4);
const EMPTY = at(0xa5);
const DELEGATED = at(0xa6);
const SENDERS = [RICH, POOR, ABSENT, CONTRACT, DELEGATED];
/** Recipients: the accounts above, fresh ones, precompiles of several forks. */
const RECIPIENTS = [
  ...SENDERS,
  EMPTY,
  at(0xb1),
  at(0xb2),
  at(1),
  at(3),
  at(5),
  at(0x0a),
  at(0x11),
  at(0x100),
];
const COINBASES = [at(0xc0), RICH, EMPTY, CONTRACT, at(3), at(0xb1)];

const STOP = new Uint8Array([0]);
const DELEGATION = hexToBytes(`0xef0100${CONTRACT.slice(2)}`);

function world(): WorldState {
  const account = (address: string, nonce: bigint, balance: bigint, code?: Uint8Array): BlockChange => ({
    address,
    account: { nonce, balance, codeHash: code === undefined ? KECCAK256_NULL : keccak256(code) },
    storageCleared: false,
    storage: new Map(),
    ...(code === undefined ? {} : { code }),
  });
  const state = new WorldState();
  state.applyBlock([
    account(RICH, 0n, 10n ** 24n),
    account(POOR, 0n, 21_000n * 10n + 5n),
    account(CONTRACT, 1n, 10n ** 18n, STOP),
    account(EMPTY, 0n, 0n),
    account(DELEGATED, 0n, 10n ** 20n, DELEGATION),
  ]);
  return state;
}

const HARDFORKS = [
  "chainstart",
  "homestead",
  "tangerineWhistle",
  "spuriousDragon",
  "byzantium",
  "berlin",
  "london",
  "shanghai",
  "cancun",
  "prague",
  "osaka",
] as const;

interface Transfer {
  type: number;
  from: string;
  to: string;
  /** Added to the nonce the sender's transaction would have if every earlier one was included. */
  nonceShift: number;
  value: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  tip: bigint;
  data: Uint8Array;
  accessList: boolean;
}

const transferArb: fc.Arbitrary<Transfer> = fc.record({
  type: fc.constantFrom(0, 1, 2),
  from: fc.constantFrom(RICH, RICH, RICH, ...SENDERS),
  to: fc.constantFrom(...RECIPIENTS),
  nonceShift: fc.oneof(
    { arbitrary: fc.constant(0), weight: 6 },
    { arbitrary: fc.constantFrom(-1, 1), weight: 1 },
  ),
  value: fc.constantFrom(0n, 0n, 1n, 1n, 10n ** 18n, 10n ** 24n),
  gasLimit: fc.constantFrom(20_999n, 21_000n, 21_200n, 22_000n, 30_000n, 60_000n),
  gasPrice: fc.constantFrom(0n, 6n, 7n, 10n, 1_000n, 1_000n, 1_000n),
  tip: fc.constantFrom(0n, 1n, 5n, 2_000n),
  data: fc.uint8Array({ maxLength: 40 }),
  accessList: fc.boolean(),
});

function build(common: ReturnType<typeof createSharedCommon>, t: Transfer, nonce: number): TypedTransaction {
  const opts = { common, freeze: false };
  const base = {
    to: createAddressFromString(t.to),
    nonce: BigInt(Math.max(0, nonce)),
    value: t.value,
    gasLimit: t.gasLimit,
    data: t.data,
    v: 27n,
    r: 1n,
    s: 1n,
  };
  const accessList: AccessList = t.accessList
    ? [{ address: RICH as PrefixedHexString, storageKeys: [`0x${"00".repeat(31)}01`] }]
    : [];
  const fork = (eip: number) => common.isActivatedEIP(eip);
  let tx: TypedTransaction;
  if (t.type === 2 && fork(1559))
    tx = createFeeMarket1559Tx(
      {
        ...base,
        v: 0n,
        maxFeePerGas: t.gasPrice,
        maxPriorityFeePerGas: t.tip < t.gasPrice ? t.tip : t.gasPrice,
        accessList,
      },
      opts,
    );
  else if (t.type === 1 && fork(2930))
    tx = createAccessList2930Tx({ ...base, v: 0n, gasPrice: t.gasPrice, accessList }, opts);
  else tx = createLegacyTx({ ...base, gasPrice: t.gasPrice }, opts);
  claimSender(tx, createAddressFromString(t.from));
  return tx;
}

async function runBoth(
  hardfork: (typeof HARDFORKS)[number],
  coinbase: string,
  transfers: Transfer[],
): Promise<{ oracle: BlockExecution; direct: BlockExecution; runTxCalls: number }> {
  const common = createSharedCommon(1n, { hardfork });
  const london = common.isActivatedEIP(1559);
  const header = createBlockHeader(
    {
      number: 1n,
      gasLimit: 30_000_000n,
      coinbase: createAddressFromString(coinbase),
      ...(london ? { baseFeePerGas: 7n } : {}),
    },
    { common },
  );
  const sent = new Map<string, number>();
  const transactions = transfers.map((t) => {
    const nonce = (sent.get(t.from) ?? (t.from === CONTRACT ? 1 : 0)) + t.nonceShift;
    sent.set(t.from, nonce + 1);
    return build(common, t, nonce);
  });
  const preState = world();
  const oracle = await executeBlockSequential({ header, transactions, preState });
  const context = await createExecutionContext(common);
  let runTxCalls = 0;
  context.vm.events.on("beforeTx", () => runTxCalls++);
  const direct = await executeBlockSequential({ header, transactions, preState }, context, {
    plainTransfers: true,
  });
  return { oracle, direct, runTxCalls };
}

/** Everything but the time and the count of direct transfers: receipts and changes, in their order. */
function exact(execution: BlockExecution) {
  const { elapsedMs: _, plainTransfers: __, ...rest } = execution;
  return rest;
}

describe("applyPlainTransfer", () => {
  it("does exactly what runTx does, on random transfers in every fork", async () => {
    let direct = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HARDFORKS),
        fc.constantFrom(...COINBASES),
        fc.array(transferArb, { minLength: 1, maxLength: 8 }),
        async (hardfork, coinbase, transfers) => {
          const result = await runBoth(hardfork, coinbase, transfers);
          expect(exact(result.direct)).toEqual(exact(result.oracle));
          direct += transfers.length - result.runTxCalls;
        },
      ),
      { numRuns: 400 },
    );
    // The direct path really ran (most random transfers are refused or run code).
    expect(direct).toBeGreaterThan(100);
  });

  it("takes plain transfers past runTx, and leaves it what runs code or fails", async () => {
    const plain: Omit<Transfer, "to"> = {
      type: 2,
      from: RICH,
      nonceShift: 0,
      value: 5n,
      gasLimit: 21_000n,
      gasPrice: 1_000n,
      tip: 5n,
      data: new Uint8Array(),
      accessList: false,
    };
    const { oracle, direct, runTxCalls } = await runBoth("prague", at(0xc0), [
      { ...plain, to: at(0xb1) },
      { ...plain, to: EMPTY, value: 0n },
      { ...plain, to: CONTRACT },
      { ...plain, to: at(1) },
      { ...plain, to: at(0xb2), nonceShift: 5 },
      { ...plain, to: POOR, nonceShift: -6 },
    ]);
    expect(exact(direct)).toEqual(exact(oracle));
    expect(direct.outcomes.map((o) => o.kind)).toEqual([
      "included",
      "included",
      "included",
      "included",
      "invalid",
      "included",
    ]);
    // The contract, the precompile and the wrong nonce.
    expect(runTxCalls).toBe(3);
    expect(direct.plainTransfers).toBe(3);
    // A zero-value transfer to an empty account leaves it removed (EIP-161), as runTx does.
    expect(direct.changes.find((c) => c.address === EMPTY)?.account).toBeUndefined();
  });

  describe("leaves runTx the cases where its own rules decide", () => {
    /** One legacy transfer from RICH, run both ways on a VM of `vmFork` under a header of `headerFork`. */
    async function both(
      vmFork: (typeof HARDFORKS)[number],
      headerFork: (typeof HARDFORKS)[number],
      txFork: (typeof HARDFORKS)[number],
      fields: { gasLimit: bigint; gasPrice: bigint; data?: Uint8Array; r?: bigint },
      baseFee?: bigint,
    ) {
      const vmCommon = createSharedCommon(1n, { hardfork: vmFork });
      const header = createBlockHeader(
        {
          number: 1n,
          gasLimit: 30_000_000n,
          coinbase: createAddressFromString(at(0xc0)),
          ...(baseFee === undefined ? {} : { baseFeePerGas: baseFee }),
        },
        { common: createSharedCommon(1n, { hardfork: headerFork }) },
      );
      const tx = createLegacyTx(
        { to: createAddressFromString(at(0xb1)), value: 1n, v: 27n, r: 1n, s: 1n, ...fields },
        { common: createSharedCommon(1n, { hardfork: txFork }), freeze: false },
      );
      // A signature with r = 0 recovers no sender: nothing to claim.
      if (fields.r !== 0n) claimSender(tx, createAddressFromString(RICH));
      const preState = world();
      const run = async (plainTransfers: boolean) =>
        exact(
          await executeBlockSequential(
            { header, transactions: [tx], preState },
            await createExecutionContext(vmCommon),
            { plainTransfers },
          ),
        );
      return { oracle: await run(false), direct: await run(true) };
    }

    it("the calldata floor of a transaction whose own fork has EIP-7623, in a block whose VM has not", async () => {
      const data = new Uint8Array(40).fill(0xff);
      const { oracle, direct } = await both(
        "cancun",
        "cancun",
        "prague",
        { gasLimit: 30_000n, gasPrice: 10n, data },
        7n,
      );
      expect(direct).toEqual(oracle);
      expect(oracle.gasUsed).toBe(21_000n + 40n * 16n);
    });

    it("a signature that recovers no sender", async () => {
      const { oracle, direct } = await both(
        "prague",
        "prague",
        "prague",
        { gasLimit: 21_000n, gasPrice: 10n, r: 0n },
        7n,
      );
      expect(direct).toEqual(oracle);
      expect(oracle.outcomes[0]?.kind).toBe("invalid");
    });

    it("a fee market VM under a header without a base fee", async () => {
      const { oracle, direct } = await both("london", "berlin", "london", {
        gasLimit: 21_000n,
        gasPrice: 1n,
      });
      expect(direct).toEqual(oracle);
      expect(oracle.outcomes[0]?.kind).toBe("invalid");
    });
  });
});
