/**
 * A plain transfer applied directly to the state, as runTx would apply it, without the EVM.
 *
 * A value transfer to an account without code runs no code: runTx charges the intrinsic gas,
 * moves the value, pays the fee recipient and drops the accounts EIP-161 calls empty. Through
 * the EVM that costs ~30 µs (the journal's sets and maps, a message, a checkpoint per frame,
 * account objects); applied to the state here, a few µs. Mainnet payouts (one sender paying
 * hundreds of accounts) are almost nothing else, and no second thread can speed them up: each
 * transfer waits for the one before through the sender's nonce and balance.
 *
 * Only what runTx would include: anything it might refuse (nonce, balance, fee cap, intrinsic
 * gas) or run differently (a recipient with code or a precompile, a sender with code, a blob or
 * an authorization list, forks this file does not model) goes to runTx, which gives the verdict
 * and its error. The writes follow runTx's order, so the state's changes come out the same, entry
 * for entry; a test holds every outcome and change to runTx's on random transfers.
 */
import type { Block } from "@ethereumjs/block";
import { type Common, ConsensusType, Hardfork } from "@ethereumjs/common";
import { getCalldataFloorGas, type TypedTransaction } from "@ethereumjs/tx";
import { type Address, equalsBytes, KECCAK256_NULL, MAX_INTEGER } from "@ethereumjs/util";
import { hexOf } from "../state/hexOf.js";
import type { JournaledState } from "../state/JournaledState.js";
import type { AccountInfo } from "../state/types.js";
import type { TxIndex, TxOutcome } from "./types.js";

/** EIPs that change what a transfer does (gas dimensions, access lists, transfer logs...). */
const UNMODELLED_EIPS = [2780, 6800, 7708, 7864, 7928, 8037];

/** What one block's transfers share: the fork's rules, looked up once. */
export interface PlainTransferRules {
  block: Block;
  coinbase: string;
  feeMarket: boolean;
  accessLists: boolean;
  /** EIP-161: touched accounts left empty are removed. */
  removeEmpty: boolean;
  /** Receipts carry the state root after the transaction instead of a status. */
  stateRootReceipts: boolean;
  /** EIP-7623: gas used is at least the calldata floor (the VM's fork decides, as in runTx). */
  calldataFloor: boolean;
  precompiles: ReadonlyMap<string, unknown>;
}

/** The rules for a block, or undefined when its fork does what this file does not model. */
export function plainTransferRules(
  common: Common,
  block: Block,
  precompiles: ReadonlyMap<string, unknown>,
): PlainTransferRules | undefined {
  if (UNMODELLED_EIPS.some((eip) => common.isActivatedEIP(eip))) return undefined;
  // A clique chain pays its signer, not the coinbase.
  if (common.consensusType() === ConsensusType.ProofOfAuthority) return undefined;
  return {
    block,
    coinbase: hexOf(block.header.coinbase.bytes),
    feeMarket: common.isActivatedEIP(1559),
    accessLists: common.isActivatedEIP(2930),
    removeEmpty: common.gteHardfork(Hardfork.SpuriousDragon),
    stateRootReceipts: !common.gteHardfork(Hardfork.Byzantium),
    calldataFloor: common.isActivatedEIP(7623),
    precompiles,
  };
}

/**
 * Applies `tx` to `state` when it is a plain transfer runTx would include, and returns its
 * outcome; otherwise returns undefined and leaves the state as it was.
 */
export async function applyPlainTransfer(
  state: JournaledState,
  rules: PlainTransferRules,
  tx: TypedTransaction,
  index: TxIndex,
  blockGasUsed: bigint,
): Promise<Extract<TxOutcome, { kind: "included" }> | undefined> {
  const charge = plainTransferCharge(state, rules, tx);
  if (charge === undefined) return undefined;
  const { sender, to, gasUsed, gasPrice, minerValue } = charge;
  // runTx writes the sender four times (the gas limit, the nonce, the value, the unused gas
  // back), then the recipient, then the fee recipient; the sums commute, and only a first write
  // places an account in the state's changes. In a checkpoint, as runTx's writes are: committed
  // outside any other, they leave no undo log behind.
  await state.checkpoint();
  adjust(state, sender, -(tx.value + gasUsed * gasPrice), 1n);
  adjust(state, to, tx.value);
  adjust(state, rules.coinbase, minerValue);
  if (rules.removeEmpty) {
    removeIfEmpty(state, sender);
    if (to !== sender) removeIfEmpty(state, to);
    if (rules.coinbase !== sender && rules.coinbase !== to) removeIfEmpty(state, rules.coinbase);
  }
  await state.commit();
  const cumulativeBlockGasUsed = blockGasUsed + gasUsed;
  const bitvector = new Uint8Array(256);
  const receipt = rules.stateRootReceipts
    ? { stateRoot: await state.getStateRoot(), cumulativeBlockGasUsed, bitvector, logs: [] }
    : { status: 1 as const, cumulativeBlockGasUsed, bitvector, logs: [] };
  return {
    kind: "included",
    index,
    gasUsed,
    receipt,
    logs: [],
    contractAddress: undefined,
    returnValue: new Uint8Array(0),
    error: undefined,
    minerValue,
  };
}

interface Charge {
  sender: string;
  to: string;
  gasUsed: bigint;
  gasPrice: bigint;
  minerValue: bigint;
}

/** What the transfer costs, when it is a plain transfer that passes every check of runTx's. */
function plainTransferCharge(
  state: JournaledState,
  rules: PlainTransferRules,
  tx: TypedTransaction,
): Charge | undefined {
  if (tx.to === undefined) return undefined;
  if (tx.type === 1 ? !rules.accessLists : tx.type === 2 ? !rules.feeMarket : tx.type !== 0) return undefined;
  const to = hexOf(tx.to.bytes);
  if (rules.precompiles.has(to.slice(2))) return undefined;
  let senderAddress: Address;
  let sender: string;
  let from: AccountInfo | undefined;
  let recipient: AccountInfo | undefined;
  try {
    // A signature that recovers no sender is runTx's to refuse.
    senderAddress = tx.getSenderAddress();
    sender = hexOf(senderAddress.bytes);
    // Reads first: a state still loading (a fork's) throws here, before anything is written.
    from = state.readAccount(sender);
    recipient = state.readAccount(to);
    state.readAccount(rules.coinbase);
  } catch {
    return undefined;
  }
  if (from !== undefined && !equalsBytes(from.codeHash, KECCAK256_NULL)) return undefined;
  if (recipient !== undefined && !equalsBytes(recipient.codeHash, KECCAK256_NULL)) return undefined;
  const { gasLimit, value } = tx;
  // As in runTx: the transaction's fork sets the floor its gas limit must reach, the VM's whether
  // the gas used is raised to it.
  const intrinsic = tx.getIntrinsicGas();
  const floor = getCalldataFloorGas(tx, senderAddress);
  if (gasLimit < intrinsic || gasLimit < floor) return undefined;
  const gasUsed = rules.calldataFloor && floor > intrinsic ? floor : intrinsic;

  const { baseFeePerGas } = rules.block.header;
  // A fee market without a base fee in the header: runTx falls back to a default one.
  if (rules.feeMarket && baseFeePerGas === undefined) return undefined;
  const baseFee = baseFeePerGas ?? 0n;
  let gasPrice: bigint;
  let tip: bigint;
  if (tx.type === 2) {
    const { maxFeePerGas, maxPriorityFeePerGas } = tx as TypedTransaction & {
      maxFeePerGas: bigint;
      maxPriorityFeePerGas: bigint;
    };
    if (maxFeePerGas < baseFee) return undefined;
    tip = maxFeePerGas - baseFee < maxPriorityFeePerGas ? maxFeePerGas - baseFee : maxPriorityFeePerGas;
    gasPrice = tip + baseFee;
  } else {
    gasPrice = (tx as TypedTransaction & { gasPrice: bigint }).gasPrice;
    if (rules.feeMarket && gasPrice < baseFee) return undefined;
    tip = gasPrice - baseFee;
  }
  const balance = from?.balance ?? 0n;
  const nonce = from?.nonce ?? 0n;
  if (balance < gasLimit * gasPrice + value) return undefined;
  if (
    tx.type === 2 &&
    balance < value + gasLimit * (tx as TypedTransaction & { maxFeePerGas: bigint }).maxFeePerGas
  )
    return undefined;
  if (nonce !== tx.nonce) return undefined;
  // The EVM bounds the recipient's balance (a sender paying itself keeps its own).
  if (to !== sender && (recipient?.balance ?? 0n) + value > MAX_INTEGER) return undefined;
  const minerValue = rules.feeMarket ? gasUsed * tip : gasUsed * gasPrice;
  return { sender, to, gasUsed, gasPrice, minerValue };
}

function adjust(state: JournaledState, address: string, balance: bigint, nonce = 0n): void {
  const account = state.readAccount(address);
  state.writeAccount(address, {
    nonce: (account?.nonce ?? 0n) + nonce,
    balance: (account?.balance ?? 0n) + balance,
    codeHash: account?.codeHash ?? KECCAK256_NULL,
  });
}

/** EIP-161: runTx's clean-up of a touched account left empty (as ethereumjs deletes one). */
function removeIfEmpty(state: JournaledState, address: string): void {
  const account = state.readAccount(address);
  if (
    account !== undefined &&
    (account.nonce !== 0n || account.balance !== 0n || !equalsBytes(account.codeHash, KECCAK256_NULL))
  )
    return;
  state.removeAccount(address);
}
