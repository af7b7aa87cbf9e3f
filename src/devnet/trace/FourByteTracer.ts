/**
 * geth's `4byteTracer`: how many times each function selector was called with each size of
 * arguments, as `{ "0xselector-size": count }`. Only message calls with at least 4 bytes of input
 * count (not contract creations, not precompiles), the transaction's own call included.
 */
import { bytesToHex } from "@ethereumjs/util";
import type { FrameEnter, Tracer, TxStart } from "./Tracer.js";

export class FourByteTracer implements Tracer<Record<string, number>> {
  private readonly counts = new Map<string, number>();
  private isPrecompile: (address: string) => boolean = () => false;

  onTxStart(start: TxStart): void {
    this.isPrecompile = start.isPrecompile;
  }

  onEnter(enter: FrameEnter): void {
    if (enter.input.length < 4 || enter.to === undefined) return;
    if (enter.type === "CREATE" || enter.type === "CREATE2" || enter.type === "SELFDESTRUCT") return;
    if (this.isPrecompile(enter.to)) return;
    const key = `${bytesToHex(enter.input.subarray(0, 4))}-${enter.input.length - 4}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  result(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
