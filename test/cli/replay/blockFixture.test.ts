/** A replay folder that is not a block folder: a clear error naming what is missing or broken. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CliUsageError } from "../../../src/cli/CliUsageError.js";
import { loadBlockFixture } from "../../../src/cli/replay/blockFixture.js";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "replay-fixture-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("loadBlockFixture", () => {
  it("says which file a folder lacks, for a missing folder and a file given as the folder", async () => {
    const missing = join(tmpdir(), "no-such-replay-folder");
    await expect(loadBlockFixture(missing)).rejects.toThrow(
      new CliUsageError(`${missing} is not a block folder: it has no block.json`),
    );
    const file = join(folder({ "block.json": "{}" }), "block.json");
    await expect(loadBlockFixture(file)).rejects.toBeInstanceOf(CliUsageError);
    const noPreState = folder({ "block.json": "{}" });
    await expect(loadBlockFixture(noPreState)).rejects.toThrow(/has no pre_state\.json/);
  });

  it("names a file that is not JSON", async () => {
    const dir = folder({ "block.json": "{ not json", "pre_state.json": "{}" });
    await expect(loadBlockFixture(dir)).rejects.toThrow(/block\.json is not JSON/);
  });
});
