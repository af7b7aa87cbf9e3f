/** A minimal JSON-RPC client over HTTP with plain `fetch` (keep-alive connections by default). */

export class JsonRpcClient {
  private readonly url: string;
  private nextId = 1;

  constructor(url: string) {
    this.url = url;
  }

  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params }),
    });
    const body = (await response.json()) as { result?: T; error?: { code: number; message: string } };
    if (body.error !== undefined) throw new Error(`${method}: ${body.error.message} (${body.error.code})`);
    return body.result as T;
  }
}
