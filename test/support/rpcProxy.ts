/**
 * A JSON-RPC proxy in front of a real node: it adds a delay to every round trip (a remote
 * chain's latency), counts round trips and calls, and fails on demand (HTTP 500, 429, a hang,
 * or a non-JSON answer), so that tests and benchmarks can fork a local anvil as if it were far
 * away or unwell.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyMode = "pass" | "fail" | "rate-limit" | "hang" | "html";

export interface RpcProxy {
  readonly url: string;
  /** Round trips (HTTP requests) received. */
  readonly roundTrips: number;
  /** JSON-RPC calls received (a batch counts each of its calls). */
  readonly calls: number;
  /** Methods of the calls received, in order. */
  readonly methods: readonly string[];
  /** The HTTP headers of the last request. */
  readonly lastHeaders: Readonly<Record<string, string | string[] | undefined>>;
  mode: ProxyMode;
  delayMs: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startRpcProxy(target: string, options: { delayMs?: number } = {}): Promise<RpcProxy> {
  let roundTrips = 0;
  let calls = 0;
  let methods: string[] = [];
  let lastHeaders: Record<string, string | string[] | undefined> = {};
  const hanging = new Set<() => void>();
  const state = { mode: "pass" as ProxyMode, delayMs: options.delayMs ?? 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        roundTrips++;
        lastHeaders = request.headers;
        try {
          const parsed = JSON.parse(body) as { method?: string } | { method?: string }[];
          for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
            calls++;
            methods.push(String(call.method));
          }
        } catch {}
        if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
        switch (state.mode) {
          case "fail":
            response.writeHead(500).end("internal error");
            return;
          case "rate-limit":
            response.writeHead(429).end("too many requests");
            return;
          case "html":
            response.writeHead(200, { "content-type": "text/html" }).end("<html>hello</html>");
            return;
          case "hang":
            hanging.add(() => response.destroy());
            return;
          case "pass": {
            const answer = await fetch(target, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body,
            });
            response
              .writeHead(answer.status, { "content-type": "application/json" })
              .end(await answer.text());
          }
        }
      })().catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get roundTrips() {
      return roundTrips;
    },
    get calls() {
      return calls;
    },
    get methods() {
      return methods;
    },
    get lastHeaders() {
      return lastHeaders;
    },
    get mode() {
      return state.mode;
    },
    set mode(mode: ProxyMode) {
      state.mode = mode;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    reset() {
      roundTrips = 0;
      calls = 0;
      methods = [];
    },
    async close() {
      for (const end of hanging) end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
