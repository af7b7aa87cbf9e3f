/**
 * Every reliance on non-public ethereumjs, in one list, and the switch that turns them on.
 *
 * Speed patches (this module applies them when it loads, all or none):
 * - fastMstore.ts: replaces MSTORE in @ethereumjs/evm's module-level handler map
 *   (`dist/esm/opcodes/functions.js`, not exported).
 * - jumpAnalysisCache.ts: replaces `Interpreter.prototype._getValidJumpDestinations`
 *   (`dist/esm/interpreter.js`, not exported) and reads the EVM's `_opcodeMap`.
 * - syncSteps.ts: replaces `Interpreter.prototype.run` with a loop of its own that does what
 *   `run` and `runStep` do, and uses `EVMError` (`dist/esm/errors.js`) and
 *   `consumeEip7928PostTargetCallOog` (`dist/esm/opcodes/EIP7928.js`, not exported).
 * - calldataGas.ts: fills `tx.cache.dataFee`, which @ethereumjs/tx's getDataGas answers from.
 * - senderPublicKey.ts: reads `tx.cache.senderPubKey`, where a frozen transaction keeps its
 *   recovered key.
 * - feeMarketTransaction.ts: builds a FeeMarket1559Tx without its constructor, setting the
 *   constructor's own fields (`cache`, `txOptions`, `activeCapabilities`...). Its users:
 *   ../decodeTransaction.ts (raw transactions) and ../feeMarketAssembler.ts (copies with a new gas
 *   limit or signature: dev accounts' signatures, a send at its least gas, an impersonated one).
 * - ../SharedCommon.ts: answers isActivatedEIP from Common's protected `_activatedEIPsCache`.
 * Each has a public path that gives the same results, slower, taken while `applied` is false.
 *
 * Relied on, always on (correctness, not speed):
 * - claimSender.ts: an own `getSenderAddress` on a transaction, which @ethereumjs/vm's runTx and
 *   receipts call; impersonated transactions have no signature to recover from.
 *
 * - opcodeTable.ts: wraps entries of an EVM instance's `_opcodeMap`, again after each
 *   `getActiveOpcodes`. Its users: ../gasProbe.ts (SSTORE's gas handler, a run's gas left at each
 *   SSTORE, and the opcodes that look at the gas, whether a run reached one; where they are not
 *   found, estimates take more runs) and ../../parallel/internalCredits.ts (CALL's gas handler and
 *   BALANCE, the parallel engine's lazy credits for value passed on by contracts).
 *
 * Public API used in ways ethereumjs may not promise, left where they are used:
 * - ../../parallel/executeIncarnation.ts (trackEvmPhase) replaces `runCall` on an EVM instance:
 *   runTx calls it through the instance.
 * - ../../devnet/call/impersonatedTx.ts copies a signed transaction's own properties onto an
 *   unfrozen object of the same prototype, to claim its sender.
 *
 * The non-exported modules come through evmInternals.ts, which the one-file build replaces.
 *
 * On load: the installed packages must be the release these were written for
 * (ethereumjsVersion.ts), and each target must be where and what it was (the handler map holds
 * MSTORE, the method exists, a transaction's fields and cache behave as expected). Otherwise
 * nothing is applied and one warning says why. `PEVM_ETHEREUMJS_PATCHES=off` turns them off by
 * hand (to tell whether a difference comes from them).
 */
import { isMainThread } from "node:worker_threads";
import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { installedVersions, versionProblem } from "./ethereumjsVersion.js";
import { evmInternals } from "./evmInternals.js";
import { MSTORE, mstore, type OpHandler } from "./fastMstore.js";
import { FEE_MARKET_FIELDS } from "./feeMarketTransaction.js";
import { cacheJumpAnalysis, type JumpAnalysis } from "./jumpAnalysisCache.js";
import { type InterpreterRun, type LoopParts, syncStepsRun } from "./syncSteps.js";

export interface EthereumjsPatches {
  /** Whether every patch is in effect; when false, none is. */
  readonly applied: boolean;
  /** Why they are off. */
  readonly problem: string | undefined;
}

interface Targets {
  handlers: Map<number, OpHandler>;
  interpreter: { _getValidJumpDestinations: JumpAnalysis; run: InterpreterRun };
  loopParts: LoopParts;
}

/** The patch targets, or what is missing or not as expected. */
async function findTargets(): Promise<Targets | string> {
  let functions: Record<string, unknown>;
  let interpreter: Record<string, unknown>;
  let errors: Record<string, unknown>;
  let eip7928: Record<string, unknown>;
  try {
    ({ functions, interpreter, errors, eip7928 } = await evmInternals());
  } catch (error) {
    return `an @ethereumjs/evm file could not be loaded (${String(error)})`;
  }
  const { handlers } = functions;
  if (!(handlers instanceof Map) || typeof handlers.get(MSTORE) !== "function")
    return "@ethereumjs/evm's opcode handler map has no MSTORE";
  const prototype = (interpreter.Interpreter as { prototype?: Record<string, unknown> } | undefined)
    ?.prototype;
  if (typeof prototype?._getValidJumpDestinations !== "function")
    return "@ethereumjs/evm's Interpreter has no _getValidJumpDestinations";
  for (const method of ["run", "runStep", "lookupOpInfo", "useGas"]) {
    if (typeof prototype[method] !== "function") return `@ethereumjs/evm's Interpreter has no ${method}`;
  }
  const { EVMError } = errors as { EVMError?: { errorMessages?: Record<string, string> } };
  const messages = EVMError?.errorMessages;
  if (typeof EVMError !== "function" || !messages?.STOP || !messages.INVALID_OPCODE || !messages.OUT_OF_GAS)
    return "@ethereumjs/evm's EVMError is not as expected";
  if (typeof eip7928.consumeEip7928PostTargetCallOog !== "function")
    return "@ethereumjs/evm has no consumeEip7928PostTargetCallOog";
  return {
    handlers: handlers as Map<number, OpHandler>,
    interpreter: prototype as unknown as Targets["interpreter"],
    loopParts: {
      EVMError,
      consumeEip7928PostTargetCallOog: eip7928.consumeEip7928PostTargetCallOog,
    } as unknown as LoopParts,
  };
}

/** What differs in the transactions and Common from what the touches expect, if anything. */
function transactionProblem(): string | undefined {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
  if (!Array.isArray((common as unknown as { _activatedEIPsCache?: unknown })._activatedEIPsCache))
    return "@ethereumjs/common's Common has no _activatedEIPsCache";
  const tx = createFeeMarket1559Tx({ maxFeePerGas: 1n }, { common, freeze: false });
  if (Object.keys(tx).join() !== FEE_MARKET_FIELDS.join())
    return `a FeeMarket1559Tx has the fields ${Object.keys(tx).join(", ")}`;
  const cache = tx.cache as Record<string, unknown>;
  cache.dataFee = { value: 12_345n, hardfork: common.hardfork() };
  if (tx.getDataGas() !== 12_345n) return "@ethereumjs/tx's getDataGas does not read tx.cache.dataFee";
  const publicKey = new Uint8Array(64);
  cache.senderPubKey = publicKey;
  if (tx.getSenderPublicKey() !== publicKey)
    return "@ethereumjs/tx's getSenderPublicKey does not read tx.cache.senderPubKey";
  return undefined;
}

async function apply(): Promise<EthereumjsPatches> {
  if (process.env.PEVM_ETHEREUMJS_PATCHES === "off")
    return { applied: false, problem: "PEVM_ETHEREUMJS_PATCHES is off" };
  const versions = versionProblem(installedVersions());
  if (versions !== undefined) return { applied: false, problem: versions };
  const targets = await findTargets();
  if (typeof targets === "string") return { applied: false, problem: targets };
  let transactions: string | undefined;
  try {
    transactions = transactionProblem();
  } catch (error) {
    transactions = `probing a transaction failed (${String(error)})`;
  }
  if (transactions !== undefined) return { applied: false, problem: transactions };
  targets.handlers.set(MSTORE, mstore);
  targets.interpreter._getValidJumpDestinations = cacheJumpAnalysis(
    targets.interpreter._getValidJumpDestinations,
  );
  targets.interpreter.run = syncStepsRun(targets.interpreter.run, targets.loopParts);
  return { applied: true, problem: undefined };
}

export const ethereumjsPatches: EthereumjsPatches = await apply();

// Workers decide the same from the same files: one warning from the main thread is enough.
if (!ethereumjsPatches.applied && isMainThread) {
  process.emitWarning(
    `ethereumjs speed patches are off: ${ethereumjsPatches.problem}. Results are the same, execution is slower.`,
    { code: "PEVM_ETHEREUMJS_PATCHES_OFF" },
  );
}
