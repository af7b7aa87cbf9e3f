/**
 * StateMiss: a read of state the devnet does not hold yet (a forked chain's remote accounts and
 * slots, fetched on first use). It is thrown, not answered with a default, so that nothing runs
 * on a guessed value: whoever started the read fetches what it names and runs again, and a block
 * or call that met it leaves nothing behind.
 */
import type { AddressHex, SlotHex } from "./types.js";

/** A piece of remote state: an account (balance, nonce, code) or one of its slots. */
export type StateKey =
  | { kind: "account"; address: AddressHex }
  | { kind: "storage"; address: AddressHex; slot: SlotHex };

const BRAND = Symbol.for("pevm-devnet.StateMiss");

export class StateMiss extends Error {
  readonly [BRAND] = true;

  constructor(readonly key: StateKey) {
    // A fork's first blocks throw thousands of these, each caught at once: no stack to capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(
      key.kind === "account"
        ? `state of ${key.address} not loaded`
        : `slot ${key.slot} of ${key.address} not loaded`,
    );
    Error.stackTraceLimit = limit;
    this.name = "StateMiss";
  }
}

/** Recognised by its brand: workers and a second copy of the package throw their own class. */
export function isStateMiss(error: unknown): error is StateMiss {
  return typeof error === "object" && error !== null && (error as { [BRAND]?: boolean })[BRAND] === true;
}
