/** The transactions of a block that call each address (their `to`), in block order. */
import type { TxIndex } from "./types.js";

export function callersByTarget(
  size: number,
  targetOf: (tx: TxIndex) => string | undefined,
): Map<string, TxIndex[]> {
  const callers = new Map<string, TxIndex[]>();
  for (let tx = 0; tx < size; tx++) {
    const target = targetOf(tx);
    if (target === undefined) continue;
    const list = callers.get(target);
    if (list === undefined) callers.set(target, [tx]);
    else list.push(tx);
  }
  return callers;
}
