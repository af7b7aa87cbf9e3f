/**
 * How deep a JSON value nests, measured without recursion: params from the network may nest a
 * hundred thousand levels (V8's JSON.parse takes them), and every recursive walker after it
 * (JSON.stringify of an error message, a parser of nested fields) would overflow the stack.
 */

/**
 * Whether `value` nests arrays or objects deeper than `limit` levels (a scalar is depth 0,
 * `[1]` depth 1). A cycle (an in-process caller's object) counts as too deep.
 * @example nestsDeeperThan([[[]]], 2) // true
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== "object" || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > limit) return true;
    const children = Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children) {
      if (typeof child === "object" && child !== null) pending.push({ value: child, depth });
    }
  }
  return false;
}
