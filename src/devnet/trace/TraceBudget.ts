/**
 * How much struct-log output one request may build, in bytes of JSON (geth's `limit` counts the
 * same way). One budget is shared by all the transactions of a block trace, so a response stays
 * within it however many transactions the block holds.
 */

/** The budget when the request sets no `limit` (or 0, which is "unlimited" in geth). */
export const DEFAULT_STRUCT_LOG_BYTES = 32 * 1024 * 1024;

/** The most a request may ask for: far below V8's largest string, which the response must fit. */
export const MAX_STRUCT_LOG_BYTES = 128 * 1024 * 1024;

export class TraceBudget {
  private left: number;

  /** `limit`: geth's option (bytes; 0 or absent means the default), clamped to the maximum. */
  constructor(limit?: number) {
    this.left =
      limit === undefined || limit <= 0 ? DEFAULT_STRUCT_LOG_BYTES : Math.min(limit, MAX_STRUCT_LOG_BYTES);
  }

  /**
   * Takes `bytes` from the budget; false once they do not fit, and from then on (the log is cut
   * there: a later, smaller entry must not leave a gap).
   */
  spend(bytes: number): boolean {
    if (bytes > this.left) {
      this.left = 0;
      return false;
    }
    this.left -= bytes;
    return true;
  }
}
