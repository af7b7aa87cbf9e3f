import { DevnetError } from "../../errors/DevnetError.js";

/**
 * -32603: the fork's remote did not answer (unreachable, timed out, rate-limited, an error) after
 * the retries; the message names the remote and what went wrong.
 */
export class RemoteFailureError extends DevnetError {
  constructor(url: string, reason: string, cause?: unknown) {
    super(-32603, `fork remote ${redacted(url)} failed: ${reason}`, { cause });
  }
}

/** The URL without credentials or query (API keys live there). */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}
