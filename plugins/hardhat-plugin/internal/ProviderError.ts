/**
 * A JSON-RPC error answer, thrown by a devnet connection's provider as Hardhat's own providers
 * throw theirs: the answer's `message`, `code` and `data`, and the hidden `_isProviderError` mark
 * by which Hardhat and its plugins tell a provider's errors from other failures.
 */
export class ProviderError extends Error {
  data: unknown;

  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = "ProviderError";
    Object.defineProperty(this, "_isProviderError", {
      configurable: false,
      enumerable: false,
      writable: false,
      value: true,
    });
  }
}
