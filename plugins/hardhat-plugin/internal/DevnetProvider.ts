import EventEmitter from "node:events";
import { HardhatError } from "@nomicfoundation/hardhat-errors";
import type {
  EthereumProvider,
  JsonRpcRequest,
  JsonRpcResponse,
  RequestArguments,
} from "hardhat/types/providers";
import { ProviderError } from "./ProviderError.js";

/** Sends one JSON-RPC request through Hardhat's `onRequest` hooks to the connection's devnet. */
export type SendRequest = (request: JsonRpcRequest) => Promise<JsonRpcResponse>;

/**
 * The provider of a connection the plugin made (DevnetNetworkManager): requests go to the devnet
 * on the plugin's thread, with no EDR provider behind them. It behaves as Hardhat's simulated
 * network's provider does towards its users: failed answers throw ProviderError with the answer's
 * code and data, a closed connection and params that are not an array throw Hardhat's own errors,
 * and `web3_clientVersion` starts with "HardhatNetwork", which tools such as Hardhat's
 * network helpers read to tell a development network.
 */
export class DevnetProvider extends EventEmitter implements EthereumProvider {
  private nextId = 1;
  private closed = false;

  /** `hardhatVersion`: the running Hardhat's, for `web3_clientVersion`. */
  constructor(
    private readonly send_: SendRequest,
    private readonly hardhatVersion: string,
  ) {
    super();
  }

  async request({ method, params }: RequestArguments): Promise<unknown> {
    // Hardhat's own errors for these, as its providers throw them.
    if (this.closed) throw new HardhatError(HardhatError.ERRORS.CORE.NETWORK.PROVIDER_CLOSED);
    if (params !== undefined && !Array.isArray(params)) {
      throw new HardhatError(HardhatError.ERRORS.CORE.NETWORK.INVALID_REQUEST_PARAMS);
    }
    const response = await this.send_({ jsonrpc: "2.0", id: this.nextId++, method, params: params ?? [] });
    if ("error" in response && response.error !== undefined) {
      const error = new ProviderError(response.error.message, response.error.code);
      error.data = response.error.data;
      throw error;
    }
    const { result } = response as { result: unknown };
    if (method === "web3_clientVersion" && typeof result === "string") {
      return `HardhatNetwork/${this.hardhatVersion}/${result}`;
    }
    return result;
  }

  send(method: string, params?: unknown[]): Promise<unknown> {
    return this.request({ method, ...(params === undefined ? {} : { params }) });
  }

  sendAsync(request: JsonRpcRequest, callback: (error: unknown, response: JsonRpcResponse) => void): void {
    // The callback gets every outcome, failures as JSON-RPC errors: nothing is left to reject.
    void this.request({
      method: request.method,
      ...(request.params === undefined ? {} : { params: request.params }),
    })
      .then(
        (result): JsonRpcResponse => ({ jsonrpc: "2.0", id: request.id, result }),
        (error: unknown): JsonRpcResponse => {
          const { code, message } = error as { code?: unknown; message?: unknown };
          const asNumber = Number.parseInt(String(code), 10);
          return {
            jsonrpc: "2.0",
            id: request.id,
            error: { code: Number.isNaN(asNumber) ? -1 : asNumber, message: String(message) },
          };
        },
      )
      .then((response) => callback(null, response));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.removeAllListeners();
  }
}
