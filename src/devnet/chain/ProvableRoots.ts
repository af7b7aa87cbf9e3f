/**
 * ProvableRoots: the state roots of the blocks before the head that the devnet keeps for proofs
 * (DevnetOptions.provableBlocks), oldest first. Empty blocks repeat their parent's root, so a root
 * may stand for several blocks: it is counted, and `holds` answers without a scan (a scan of the
 * 256 kept roots per block was ~15 µs, 2% of an automined transaction).
 */
import { bytesToHex } from "@ethereumjs/util";

export interface ProvableRoot {
  height: bigint;
  root: Uint8Array;
}

type Entry = ProvableRoot & { hex: string };

export class ProvableRoots {
  private entries: Entry[] = [];
  private readonly counts = new Map<string, number>();

  get size(): number {
    return this.entries.length;
  }

  add(height: bigint, root: Uint8Array): void {
    const hex = bytesToHex(root);
    this.entries.push({ height, root, hex });
    this.counts.set(hex, (this.counts.get(hex) ?? 0) + 1);
  }

  /** Whether `root` is one of the kept blocks' roots. */
  holds(root: Uint8Array): boolean {
    return this.counts.has(bytesToHex(root));
  }

  /** Takes out the oldest roots until at most `window` are left; returns them, oldest first. */
  trimTo(window: number): ProvableRoot[] {
    const removed: ProvableRoot[] = [];
    while (this.entries.length > window) removed.push(this.takeOut(this.entries.shift() as Entry));
    return removed;
  }

  /** Takes out the roots of the blocks at `height` and above (a chain rolled back); returns them. */
  dropFrom(height: bigint): ProvableRoot[] {
    const at = this.entries.findIndex((entry) => entry.height >= height);
    return at === -1 ? [] : this.entries.splice(at).map((entry) => this.takeOut(entry));
  }

  clear(): void {
    this.entries = [];
    this.counts.clear();
  }

  private takeOut(entry: Entry): ProvableRoot {
    const left = (this.counts.get(entry.hex) ?? 1) - 1;
    if (left === 0) this.counts.delete(entry.hex);
    else this.counts.set(entry.hex, left);
    return entry;
  }
}
