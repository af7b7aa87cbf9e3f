/** The set of JSON-RPC methods a handler serves, by name. */
import type { RpcMethod } from "./types.js";

/**
 * Holds RpcMethods by name. Registering a name twice is a programming error and throws.
 * @example const registry = new MethodRegistry<Devnet>().register(eth_chainId, eth_blockNumber);
 */
export class MethodRegistry<Devnet = unknown> {
  readonly #methods = new Map<string, RpcMethod<Devnet>>();

  /** Adds methods; returns the registry so calls chain. */
  register(...methods: RpcMethod<Devnet>[]): this {
    for (const method of methods) {
      if (this.#methods.has(method.name)) throw new Error(`RPC method ${method.name} is registered twice`);
      this.#methods.set(method.name, method);
    }
    return this;
  }

  /** The method called `name`, or undefined. */
  get(name: string): RpcMethod<Devnet> | undefined {
    return this.#methods.get(name);
  }

  has(name: string): boolean {
    return this.#methods.has(name);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.#methods.keys()].sort();
  }
}
