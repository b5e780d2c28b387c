// Plain-text tables for the CLI's output: columns padded to their widest cell, two spaces apart.

/** Rows as aligned lines; the columns in `rightAligned` (e.g. counts) pad on the left. */
export function table(rows: string[][], rightAligned: number[] = []): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}
