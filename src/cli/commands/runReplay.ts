/** `pevm-devnet replay <dir>`: execute a recorded block and check it against its header. */
import { executeBlockSequential } from "../../parallel/sequentialExecutor.js";
import { loadBlockFixture } from "../replay/blockFixture.js";
import { checkExecution } from "../replay/replayBlock.js";

export async function runReplay(command: { dir: string; json: boolean; threads: number }): Promise<number> {
  const fixture = await loadBlockFixture(command.dir);
  const { block } = fixture;
  const execution = await executeBlockSequential({
    header: block.header,
    transactions: block.transactions,
    preState: fixture.preState,
    blockHashes: (number) => fixture.blockHashes.get(number),
  });
  const checks = await checkExecution(fixture, execution);
  const ok = checks.every((c) => c.ok);
  if (command.json) {
    console.log(
      JSON.stringify({
        block: Number(block.header.number),
        hardfork: block.header.common.hardfork(),
        transactions: block.transactions.length,
        gasUsed: execution.gasUsed.toString(),
        ok,
        checks,
        sequentialMs: round(execution.elapsedMs),
      }),
    );
  } else {
    console.log(
      `block ${block.header.number} (${block.header.common.hardfork()}): ${block.transactions.length} transactions, ${execution.gasUsed} gas`,
    );
    for (const c of checks)
      console.log(
        `  ${c.ok ? "ok  " : "FAIL"} ${c.name}${c.ok ? "" : ` expected ${c.expected}, got ${c.actual}`}`,
      );
    console.log(`  sequential: ${round(execution.elapsedMs)} ms`);
  }
  return ok ? 0 : 1;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
