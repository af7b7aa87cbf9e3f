/**
 * A command line the CLI cannot run: unknown flag, bad or missing value. Its one-line message
 * names the flag and what is expected; the CLI prints it with a hint to --help and exits 2.
 * Deliberately not a DevnetError: it never travels over JSON-RPC.
 */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}
