/**
 * A whole number with its thousands grouped by commas ("1,234,567"), as `toLocaleString("en-US")`
 * writes it. Reports are built once per process, and the first `toLocaleString` in a process
 * loads ICU's number formatting: ~20 ms, more than the rest of a small report.
 * @example groupThousands(21_000n) // "21,000"
 */
export function groupThousands(value: number | bigint): string {
  const whole = typeof value === "bigint" ? value : Math.trunc(value);
  return whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
