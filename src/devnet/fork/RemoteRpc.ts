/**
 * RemoteRpc: JSON-RPC over HTTP to a forked chain's remote. Calls go out as JSON-RPC batches;
 * a failed round trip (network error, timeout, HTTP 429 or 5xx, a rate-limit error) is tried
 * again after a doubling backoff, `retries` times, and then fails with a RemoteFailureError.
 * An error the remote answers for one call (an unknown method, a bad parameter) is not retried.
 */
import { RemoteFailureError } from "./RemoteFailureError.js";

export interface RemoteRpcOptions {
  url: string;
  /** Extra HTTP headers (--fork-header "K: V"). */
  headers?: Record<string, string>;
  /** Tries after the first (anvil's default: 5). */
  retries?: number;
  /** Wait before the first retry, doubled at each (ms). */
  retryBackoffMs?: number;
  /** One round trip's limit (ms). */
  timeoutMs?: number;
  /** Throttle: compute units per second, each call counting COMPUTE_UNITS_PER_CALL. */
  computeUnitsPerSecond?: number;
}

export type RemoteCall = { method: string; params: unknown[] };

/** What a typical read costs in providers' compute units (eth_getBalance, eth_getStorageAt). */
export const COMPUTE_UNITS_PER_CALL = 20;

type RpcReply = { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } };

/** A round trip worth another try. */
class Transient extends Error {}

export class RemoteRpc {
  readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly unitsPerSecond: number | undefined;
  /** When the throttle lets the next call out (ms, performance clock). */
  private nextFree = 0;
  /** Round trips made (HTTP requests), for tests and benchmarks. */
  roundTrips = 0;

  constructor(options: RemoteRpcOptions) {
    this.url = options.url;
    this.headers = { "content-type": "application/json", ...options.headers };
    this.retries = options.retries ?? 5;
    this.backoffMs = options.retryBackoffMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 45_000;
    this.unitsPerSecond = options.computeUnitsPerSecond;
  }

  /** One call's result. */
  async request(method: string, params: unknown[] = []): Promise<unknown> {
    return (await this.batch([{ method, params }]))[0];
  }

  /** The results of `calls`, in order, from one round trip (as many as the retries take). */
  async batch(calls: readonly RemoteCall[]): Promise<unknown[]> {
    if (calls.length === 0) return [];
    await this.throttle(calls.length);
    const body = JSON.stringify(calls.map((call, id) => ({ jsonrpc: "2.0", id, ...call })));
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send(body, calls);
      } catch (error) {
        if (!(error instanceof Transient)) throw error;
        if (attempt >= this.retries) {
          throw new RemoteFailureError(
            this.url,
            `${error.message}${this.retries > 0 ? ` (after ${this.retries} retries)` : ""}`,
          );
        }
        await sleep(this.backoffMs * 2 ** attempt);
      }
    }
  }

  private async send(body: string, calls: readonly RemoteCall[]): Promise<unknown[]> {
    this.roundTrips++;
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: this.headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      if (name === "TimeoutError" || name === "AbortError")
        throw new Transient(`timed out after ${this.timeoutMs} ms`);
      const cause =
        error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new Transient(cause);
    }
    if (response.status === 429) throw new Transient("rate limited (HTTP 429)");
    if (response.status >= 500) throw new Transient(`HTTP ${response.status}`);
    if (!response.ok) throw new RemoteFailureError(this.url, `HTTP ${response.status}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new RemoteFailureError(this.url, "the answer is not JSON: not a JSON-RPC endpoint");
    }
    const replies = Array.isArray(parsed) ? (parsed as RpcReply[]) : [parsed as RpcReply];
    const byId = new Map<unknown, RpcReply>(replies.map((reply) => [reply?.id, reply]));
    return calls.map((call, id) => {
      const reply = byId.get(id) ?? (calls.length === 1 ? replies[0] : undefined);
      if (reply === undefined || typeof reply !== "object" || reply === null) {
        throw new RemoteFailureError(this.url, `no answer to ${call.method}: not a JSON-RPC endpoint`);
      }
      if (reply.error !== undefined) {
        const message = String(reply.error.message ?? "error");
        if (reply.error.code === 429 || reply.error.code === -32005 || /rate limit/i.test(message))
          throw new Transient(`rate limited (${message})`);
        throw new RemoteFailureError(this.url, `${call.method}: ${message}`);
      }
      if (!("result" in reply)) throw new RemoteFailureError(this.url, `no result for ${call.method}`);
      return reply.result;
    });
  }

  /** Waits until `calls` calls fit the compute-unit budget. */
  private async throttle(calls: number): Promise<void> {
    if (this.unitsPerSecond === undefined || this.unitsPerSecond <= 0) return;
    const now = performance.now();
    const start = Math.max(now, this.nextFree);
    this.nextFree = start + (calls * COMPUTE_UNITS_PER_CALL * 1000) / this.unitsPerSecond;
    if (start > now) await sleep(start - now);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
