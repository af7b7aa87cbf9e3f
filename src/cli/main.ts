/** The `pevm-devnet` command: parse the arguments, run the command, turn usage errors into one line. */
import { readFileSync } from "node:fs";
import { isDevnetError } from "../errors/DevnetError.js";
import { helpText, parseCliArgs } from "./args.js";
import { CliUsageError } from "./CliUsageError.js";
import { runDevnet } from "./commands/runDevnet.js";
import { runReplay } from "./commands/runReplay.js";

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const command = parseCliArgs(argv);
  switch (command.command) {
    case "help":
      console.log(helpText());
      return 0;
    case "version":
      console.log(`pevm-devnet ${version()}`);
      return 0;
    case "replay":
      return runReplay(command);
    case "devnet":
      await runDevnet(command.options);
      return -1; // keeps serving
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliUsageError || isDevnetError(error)) {
      console.error(`error: ${error.message}`);
      if (error instanceof CliUsageError) console.error("Run `pevm-devnet --help` for the flags.");
      process.exitCode = 2;
      return;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES") {
      console.error(`error: cannot listen: ${(error as Error).message}`);
      process.exitCode = 1;
      return;
    }
    console.error(error);
    process.exitCode = 1;
  },
);
