/**
 * AddressHistory: the index behind Otterscan's address pages. Which mined transactions touch an
 * address, which transaction created a contract (and who, the transaction's sender or a
 * contract), and a sender's transaction by nonce.
 *
 * "Touch" as anvil counts it: the address is in one of the transaction's Parity-style traces,
 * internal calls included (sender, callee, creator, created contract, self-destructed account,
 * beneficiary). Those are only known by tracing, which mining does not do: the devnet mines at
 * full speed and this index catches up when asked, tracing each block once, ever (the first
 * query after a thousand blocks traces a thousand blocks; the next one, the blocks since).
 * The sender-and-nonce index needs no tracing and catches up on its own. A block whose state is
 * not kept (before the head of a loaded state dump) cannot be traced: its transactions are
 * indexed by their sender, recipient and created contract alone.
 *
 * One history per devnet ({@link AddressHistory.of}), kept beside it rather than in it.
 */
import type { MinedBlock, TxLocation } from "../chain/types.js";
import type { Devnet } from "../Devnet.js";
import { recipientOf, senderOf } from "../trace/filterParityTraces.js";
import { type LocalizedParityTrace, parityBlockTraces } from "../trace/parityBlockTraces.js";
import { BlockIndex, type Undo } from "./BlockIndex.js";

export interface ContractCreator {
  /** The creating transaction. */
  hash: string;
  /** Who ran the CREATE: the transaction's sender, or a contract. */
  creator: string;
}

export class AddressHistory {
  private static readonly histories = new WeakMap<Devnet, AddressHistory>();

  /** The history of a devnet's chain. */
  static of(devnet: Devnet): AddressHistory {
    let history = AddressHistory.histories.get(devnet);
    if (history === undefined) {
      history = new AddressHistory(devnet);
      AddressHistory.histories.set(devnet, history);
    }
    return history;
  }

  /** Address → the transactions touching it, in chain order. */
  private readonly touching = new Map<string, TxLocation[]>();
  /** Address → its creations, in chain order (a CREATE2 address can be created again). */
  private readonly creations = new Map<string, ContractCreator[]>();
  /** `sender:nonce` → transaction hash. */
  private readonly bySenderNonce = new Map<string, string>();
  private readonly traced: BlockIndex;
  private readonly sent: BlockIndex;

  private constructor(private readonly devnet: Devnet) {
    this.traced = new BlockIndex((mined) => this.indexTraces(mined));
    this.sent = new BlockIndex((mined) => this.indexSenders(mined));
  }

  /** The mined transactions that touch `address` (lowercase), in chain order. */
  async transactionsOf(address: string): Promise<readonly TxLocation[]> {
    await this.traced.catchUp(this.devnet);
    return this.touching.get(address) ?? [];
  }

  /** The latest creation of the contract at `address` (lowercase). */
  async creatorOf(address: string): Promise<ContractCreator | undefined> {
    await this.traced.catchUp(this.devnet);
    return this.creations.get(address)?.at(-1);
  }

  /** The hash of the mined transaction `sender` (lowercase) sent with `nonce`. */
  async transactionBySenderAndNonce(sender: string, nonce: bigint): Promise<string | undefined> {
    await this.sent.catchUp(this.devnet);
    return this.bySenderNonce.get(`${sender}:${nonce}`);
  }

  private async indexTraces(mined: MinedBlock): Promise<Undo> {
    const traces = await parityBlockTraces(this.devnet, mined).catch(() => topLevelTraces(mined));
    const touchedBy = new Map<number, Set<string>>();
    const created: string[] = [];
    for (const trace of traces) {
      let addresses = touchedBy.get(trace.transactionPosition);
      if (addresses === undefined) {
        addresses = new Set();
        touchedBy.set(trace.transactionPosition, addresses);
      }
      for (const address of addressesOf(trace)) addresses.add(address);
      // A reverted creation keeps the address it would have had, but created nothing.
      if (
        trace.type === "create" &&
        trace.error === undefined &&
        trace.result !== null &&
        "address" in trace.result
      ) {
        const { address } = trace.result;
        const list = this.creations.get(address) ?? [];
        list.push({ hash: trace.transactionHash, creator: senderOf(trace) });
        this.creations.set(address, list);
        created.push(address);
      }
    }
    const touched = new Set<string>();
    for (const [index, addresses] of [...touchedBy].sort(([a], [b]) => a - b)) {
      for (const address of addresses) {
        const list = this.touching.get(address) ?? [];
        list.push({ blockNumber: mined.number, index });
        this.touching.set(address, list);
        touched.add(address);
      }
    }
    return () => {
      for (const address of touched) {
        const list = this.touching.get(address) ?? [];
        while (list.at(-1)?.blockNumber === mined.number) list.pop();
        if (list.length === 0) this.touching.delete(address);
      }
      for (const address of created) {
        const list = this.creations.get(address) ?? [];
        list.pop();
        if (list.length === 0) this.creations.delete(address);
      }
    };
  }

  private indexSenders(mined: MinedBlock): Undo {
    const keys = mined.block.transactions.map((tx, index) => `${mined.senders[index]}:${tx.nonce}`);
    keys.forEach((key, index) => {
      this.bySenderNonce.set(key, mined.receipts[index]?.transactionHash ?? "");
    });
    return () => {
      for (const key of keys) this.bySenderNonce.delete(key);
    };
  }
}

/** Every address a trace names. */
function addressesOf(trace: LocalizedParityTrace): string[] {
  const addresses = [senderOf(trace), recipientOf(trace)];
  return addresses.filter((address) => address !== "");
}

/** What a block's receipts say without tracing: each transaction's own frame. */
function topLevelTraces(mined: MinedBlock): LocalizedParityTrace[] {
  return mined.receipts.map((receipt, index) => {
    const frame = {
      blockHash: mined.hash,
      blockNumber: Number(mined.number),
      subtraces: 0,
      traceAddress: [],
      transactionHash: receipt.transactionHash,
      transactionPosition: index,
    };
    const from = receipt.from.toLowerCase();
    const value = "0x0";
    if (receipt.to === null) {
      const address = receipt.contractAddress?.toLowerCase();
      return {
        ...frame,
        type: "create",
        action: { from, gas: "0x0", init: "0x", value, creationMethod: "create" },
        result: address === undefined ? null : { address, code: "0x", gasUsed: "0x0" },
      };
    }
    const to = receipt.to.toLowerCase();
    return {
      ...frame,
      type: "call",
      action: { from, callType: "call", gas: "0x0", input: "0x", to, value },
      result: null,
    };
  });
}
