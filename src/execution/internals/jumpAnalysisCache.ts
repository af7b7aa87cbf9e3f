/**
 * Caches ethereumjs' jump-destination analysis per contract code.
 *
 * ethereumjs analyses a contract's code (valid JUMPDESTs, PUSH values, opcode table) at the start
 * of every message call into it: ~10% of an ERC-20 transfer's time. The analysis depends only on
 * the code and the EVM's opcode table, and nothing writes to its result, so one analysis per
 * (opcode table, code array) serves every later call. Code arrays come from the state, which
 * hands out the same array for the same code, so identity is a good key; a WeakMap lets them go.
 *
 * ethereumjsPatches.ts puts the cached analysis in place of the Interpreter's own method (the
 * class is not exported). Correctness does not depend on it: uncached, the same analysis runs
 * again.
 */
type Analysis = unknown;
/** What the analysis reads of its interpreter: the EVM, whose opcode table is part of the key. */
type Interpreter = { _evm: object };
export type JumpAnalysis = (this: Interpreter, code: Uint8Array) => Analysis;

let analyses = 0;
/**
 * Marks a cached analysis with the one it wraps: a second copy of this module (a test runner
 * loads one per test file over the same ethereumjs) wraps ethereumjs' method, not the first copy's.
 */
const WRAPPED = Symbol.for("pevm-devnet.jumpAnalysisCache.wrapped");

/**
 * Where an opcode table keeps the analyses made with it: on the table itself, so that every copy
 * of this module finds them, and forgets them when the table's entries change.
 */
const ANALYSES = Symbol.for("pevm-devnet.jumpAnalysisCache.analyses");
type Table = { [ANALYSES]?: WeakMap<Uint8Array, Analysis> };

/** `analyse`, answering from a cache for code it has seen with the same opcode table. */
export function cacheJumpAnalysis(method: JumpAnalysis): JumpAnalysis {
  const analyse = (method as { [WRAPPED]?: JumpAnalysis })[WRAPPED] ?? method;
  const cached = function (this: Interpreter, code: Uint8Array): Analysis {
    const table = (this._evm as { _opcodeMap?: unknown })._opcodeMap as Table | undefined;
    // An EVM without the table this was written for: analyse every time, as ethereumjs does.
    if (typeof table !== "object" || table === null) return analyse.call(this, code);
    let byCode = table[ANALYSES];
    if (byCode === undefined) {
      byCode = new WeakMap();
      table[ANALYSES] = byCode;
    }
    let analysis = byCode.get(code);
    if (analysis === undefined) {
      analysis = analyse.call(this, code);
      analyses++;
      byCode.set(code, analysis);
    }
    return analysis;
  };
  return Object.assign(cached, { [WRAPPED]: analyse });
}

/**
 * Drops the analyses made with `table`: an analysis holds the table's entries as they were (the
 * interpreter runs them after a code's first jump), and opcodeTable.ts replaces entries in place.
 */
export function forgetJumpAnalyses(table: object): void {
  delete (table as Table)[ANALYSES];
}

/** How many analyses the cache did not answer, since the process started (for tests). */
export function jumpAnalysesRun(): number {
  return analyses;
}
