import {
  createDevnet,
  type DevnetHandle,
  type DevnetOptions,
  type MinedBlock,
  type ReportLocation,
  reportLocation,
  reportMinedBlock,
} from "../pevmDevnet.js";
import type { SuiteRecorder } from "../SuiteRecorder.js";

/**
 * One Hardhat connection's devnet, on the devnet thread. With a recorder, each transaction it
 * mines goes there with its read and write sets, charged to the test file that sent it.
 */
export class ConnectionDevnet {
  /** The test file of the request being served, which the blocks it mines are charged to. */
  file = "(unknown)";
  /** Blocks mined without read and write sets, reported (executed again) one at a time. */
  backlog: Promise<void> = Promise.resolve();
  /** Runtime code of the contracts this connection's transactions touched. */
  private readonly code = new Map<string, string>();

  private constructor(
    readonly handle: DevnetHandle,
    /** Which of the suite's connections: the same address on two chains is two accounts. */
    private readonly chain: number,
  ) {}

  static async open(options: {
    chain: number;
    accounts: number;
    /** Where its transactions are recorded; none: not recorded. */
    recorder?: SuiteRecorder;
    threads?: number;
    fork?: DevnetOptions["fork"];
    chainId?: bigint;
  }): Promise<ConnectionDevnet> {
    // The devnet keeps each transaction's read and write sets while it mines: nothing is
    // executed twice. Its workers start only for a block large enough to gain from them.
    const handle = await createDevnet({
      accounts: options.accounts,
      recordAccess: options.recorder !== undefined,
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.fork === undefined ? {} : { fork: options.fork }),
      ...(options.chainId === undefined ? {} : { chainId: options.chainId }),
    });
    const { recorder } = options;
    const devnet = new ConnectionDevnet(handle, options.chain);
    if (recorder !== undefined)
      handle.devnet.on("block", (mined: MinedBlock) => devnet.record(mined, recorder));
    return devnet;
  }

  /**
   * Records a block as it is mined, from the sets the devnet kept. A block it kept none for (a
   * wipe of existing storage) is reported by executing it again.
   */
  private record(mined: MinedBlock, recorder: SuiteRecorder): void {
    if (mined.receipts.length === 0) return;
    const file = this.file;
    const { access } = mined;
    if (access !== undefined) {
      this.recordTransactions(mined, file, recorder, (index) => {
        const sets = access[index];
        return sets === undefined
          ? undefined
          : { reads: sets.reads.map(reportLocation), writes: sets.writes.map(reportLocation) };
      });
      return;
    }
    this.backlog = this.backlog
      .then(async () => {
        const report = await reportMinedBlock(this.handle.devnet, mined, { locations: true });
        this.recordTransactions(mined, file, recorder, (index) => {
          const tx = report.transactions[index];
          return tx === undefined
            ? undefined
            : { reads: tx.readLocations ?? [], writes: tx.writeLocations ?? [] };
        });
      })
      .catch(() => {
        recorder.missed += mined.receipts.length;
      });
  }

  private recordTransactions(
    mined: MinedBlock,
    file: string,
    recorder: SuiteRecorder,
    setsOf: (index: number) => { reads: ReportLocation[]; writes: ReportLocation[] } | undefined,
  ): void {
    const feeRecipient = mined.block.header.coinbase.toString();
    mined.receipts.forEach((receipt, index) => {
      const sets = setsOf(index);
      const tx = mined.block.transactions[index];
      if (sets === undefined || tx === undefined) {
        recorder.missed++;
        return;
      }
      const createdAddress = receipt.contractAddress?.toLowerCase() ?? null;
      const to = receipt.to?.toLowerCase() ?? null;
      recorder.record({
        file,
        chain: this.chain,
        hash: receipt.transactionHash,
        from: receipt.from.toLowerCase(),
        to,
        input: `0x${Buffer.from(tx.data).toString("hex")}`,
        createdAddress,
        code: this.codeOf(createdAddress ?? to),
        gas: Number(receipt.gasUsed),
        // The fee recipient's account is touched by every transaction (its credit is lazy, and
        // buildBlockReport treats its balance as such); its nonce and code are not really read.
        reads: withoutFeeRecipientTouch(sets.reads, feeRecipient),
        writes: withoutFeeRecipientTouch(sets.writes, feeRecipient),
      });
    });
  }

  /** Runtime code of the contract called or created, as the chain holds it now ("0x" for none). */
  private codeOf(address: string | null): string {
    if (address === null) return "0x";
    let code = this.code.get(address);
    if (code === undefined) {
      code = `0x${Buffer.from(this.handle.devnet.world.getCode(address)).toString("hex")}`;
      this.code.set(address, code);
    }
    return code;
  }
}

function withoutFeeRecipientTouch(locations: ReportLocation[], feeRecipient: string): ReportLocation[] {
  return locations.filter((l) => l.address !== feeRecipient || l.kind === "balance");
}
