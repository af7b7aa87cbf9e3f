/**
 * Aligned text tables for the benchmark report: a title, a header row, a rule, the rows.
 * Numbers are right-aligned, text left-aligned; units belong in the column headers.
 */

export type Cell = string | number;

export interface Column {
  header: string;
  /** Digits after the decimal point for numbers (default 0). */
  decimals?: number;
  align?: "left" | "right";
}

/** Formats a number with thousands separators and a fixed number of decimals. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Renders a table as lines of text (no trailing newline). */
export function renderTable(
  title: string,
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
): string {
  const text = rows.map((row) =>
    columns.map((column, i) => {
      const cell = row[i] ?? "";
      return typeof cell === "number" ? formatNumber(cell, column.decimals ?? 0) : cell;
    }),
  );
  const widths = columns.map((column, i) =>
    Math.max(width(column.header), ...text.map((cells) => width(cells[i] ?? ""))),
  );
  const alignOf = (i: number): "left" | "right" => {
    const explicit = columns[i]?.align;
    if (explicit !== undefined) return explicit;
    return rows.length > 0 && rows.every((row) => typeof row[i] === "number") ? "right" : "left";
  };
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0, alignOf(i)))
      .join("  ")
      .trimEnd();
  const out = [title, line(columns.map((c) => c.header)), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const cells of text) out.push(line(cells));
  return out.join("\n");
}

/** Prints a table to stdout, followed by an empty line. */
export function printTable(
  title: string,
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
): void {
  console.log(`${renderTable(title, columns, rows)}\n`);
}

/** Display width: code points, so "✓" and "×" count as one column. */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, size - width(text)));
  return align === "right" ? fill + text : text + fill;
}
