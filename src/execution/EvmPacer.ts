/**
 * EvmPacer: lets a long message (eth_call, eth_estimateGas) share the event loop, and stops it
 * when nobody waits for its answer any more.
 *
 * The EVM runs on the thread that serves requests; an endless loop at 30M gas kept it for 5 s,
 * and every other request waited. The pacer is consulted at every JUMPDEST (every loop passes
 * one: a jump must land on it) and at every message (deep call trees without loops); once a time
 * slice has passed it hands back a promise that resolves on the next turn of the event loop,
 * which the EVM awaits. At those points an aborted signal (the client went away) ends the run
 * with {@link MessageAborted}.
 *
 * Why here and not a worker thread: a message reads the chain's state in place (past blocks
 * through undo records, overrides, a fork's remote), which a worker would need copied or asked
 * for at ~50 µs a read; yielding keeps that, costs a counter per JUMPDEST, and is how the tracer
 * already keeps the loop free. The caller must read a state that later blocks do not change.
 */
import type { EVMInterface, EVMOpts } from "@ethereumjs/evm";
import { DevnetError } from "../errors/DevnetError.js";

/**
 * Thrown out of the EVM when the message's signal is aborted. A DevnetError, not a bug: its
 * answer goes nowhere, the client being gone.
 */
export class MessageAborted extends DevnetError {
  constructor() {
    super(-32000, "request aborted: the client went away");
  }
}

/** How long the EVM may keep the thread before other work gets a turn. */
const SLICE_MS = 10;
/** Clock reads are not free: look at it once per this many checkpoints. */
const CHECKPOINTS_PER_CLOCK_READ = 256;
const JUMPDEST = 0x5b;
/** JUMPDEST's gas in every fork. */
const JUMPDEST_GAS = 1;

export class EvmPacer {
  private signal: AbortSignal | undefined;
  private sliceStart = 0;
  private checkpoints = 0;

  /** Starts a message's time slice; `signal` aborts it. */
  begin(signal?: AbortSignal): void {
    this.signal = signal;
    this.sliceStart = performance.now();
    this.checkpoints = 0;
  }

  /** The message is over: nothing to abort any more. */
  end(): void {
    this.signal = undefined;
  }

  /** Whether the running message was aborted. */
  get aborted(): boolean {
    return this.signal?.aborted === true;
  }

  /**
   * The EVM options that consult the pacer: JUMPDEST as a custom opcode with the same gas and no
   * effect of its own (ethereumjs awaits a custom opcode's handler).
   */
  evmOptions(): Pick<EVMOpts, "customOpcodes"> {
    return {
      customOpcodes: [
        {
          opcode: JUMPDEST,
          opcodeName: "JUMPDEST",
          baseFee: JUMPDEST_GAS,
          logicFunction: () => this.checkpoint(true),
        },
      ],
    };
  }

  /** Consults the pacer before each message too (ethereumjs awaits a two-argument listener). */
  attach(evm: EVMInterface): void {
    evm.events?.on("beforeMessage", (_message: unknown, resolve?: (result?: unknown) => void) => {
      const turn = this.checkpoint(false);
      if (turn === undefined) resolve?.();
      else void turn.then(() => resolve?.());
    });
  }

  /**
   * A promise to await when the slice is used up, else undefined (the common case, kept cheap).
   * With `mayThrow`, an aborted message ends here.
   */
  private checkpoint(mayThrow: boolean): Promise<void> | undefined {
    if (++this.checkpoints < CHECKPOINTS_PER_CLOCK_READ) return undefined;
    this.checkpoints = 0;
    if (mayThrow && this.aborted) throw new MessageAborted();
    if (performance.now() - this.sliceStart < SLICE_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        this.sliceStart = performance.now();
        resolve();
      }),
    );
  }
}
