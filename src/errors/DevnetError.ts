/**
 * The one error base of pevm-devnet. Every error that reaches a user carries a JSON-RPC code
 * (EIP-1474), a short message, optional `data` (revert bytes, for instance) and an optional cause.
 *
 * Recognise it with {@link isDevnetError}, not `instanceof`: a Hardhat plugin may load a second
 * copy of this package, and `instanceof` fails across copies.
 */
export class DevnetError extends Error {
  readonly code: number;
  readonly data: unknown;
  readonly isDevnetError = true;

  constructor(code: number, message: string, options: { data?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.data = options.data;
  }
}

export function isDevnetError(value: unknown): value is DevnetError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { isDevnetError?: unknown }).isDevnetError === true &&
    typeof (value as { code?: unknown }).code === "number"
  );
}

/** -32700: the request body is not JSON. */
export class ParseError extends DevnetError {
  constructor(message = "Parse error") {
    super(-32700, message);
  }
}

/** -32600: the JSON is not a valid request object. */
export class InvalidRequestError extends DevnetError {
  constructor(message = "Invalid request") {
    super(-32600, message);
  }
}

/** -32601: no such method. */
export class MethodNotFoundError extends DevnetError {
  constructor(method: string) {
    super(-32601, `the method ${method} does not exist/is not available`);
  }
}

/** -32602: a parameter is missing or malformed; the message says which and why. */
export class InvalidParamsError extends DevnetError {
  constructor(message: string) {
    super(-32602, message);
  }
}

/** -32603: a failure inside the devnet. */
export class InternalError extends DevnetError {
  constructor(message: string, cause?: unknown) {
    super(-32603, message, { cause });
  }
}

/** -32000: the input is well formed but cannot be acted on (geth's code for rejected transactions). */
export class InvalidInputError extends DevnetError {
  constructor(message: string, data?: unknown) {
    super(-32000, message, data === undefined ? {} : { data });
  }
}

/** -32001: the block, transaction or filter named does not exist. */
export class ResourceNotFoundError extends DevnetError {
  constructor(message: string) {
    super(-32001, message);
  }
}

/** 3: the EVM reverted; `data` holds the raw revert bytes as hex. */
export class RevertError extends DevnetError {
  constructor(reason: string | undefined, data: string) {
    super(3, reason === undefined ? "execution reverted" : `execution reverted: ${reason}`, { data });
  }
}

/** -32003: the transaction was rejected (anvil's code for pool admission failures). */
export class TransactionRejectedError extends DevnetError {
  constructor(message: string) {
    super(-32003, message);
  }
}

/**
 * 4: a transaction was admitted but not mined within the time its sender would wait
 * (EIP-7966); `data` holds its hash.
 */
export class TransactionTimeoutError extends DevnetError {
  constructor(message: string, hash: string) {
    super(4, message, { data: hash });
  }
}

/**
 * 5: a transaction was admitted but cannot be mined yet, a nonce before it missing (EIP-7966);
 * `data` holds its hash.
 */
export class TransactionNotReadyError extends DevnetError {
  constructor(message: string, hash: string) {
    super(5, message, { data: hash });
  }
}
