/**
 * Messages run against the chain's blocks and thrown away: eth_call and eth_estimateGas, each at a
 * block and optionally over overridden accounts.
 */
import type { BlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { StateReader } from "../../state/StateReader.js";
import type { PinnedState } from "../../state/WorldState.js";
import { estimateGas, PLAIN_TRANSFER_GAS } from "./estimateGas.js";
import { observesGas } from "./gasObservingCode.js";
import { hasFeeFields, type MessageRequest, messageTx, ZERO_ADDRESS } from "./messageTx.js";
import { type AccountOverride, OverriddenState } from "./OverriddenState.js";
import { CallRunner, type MessageResult } from "./runMessage.js";

/**
 * What a call needs of the chain: a block's header and the state after it, pinned (a message
 * yields to the event loop, and blocks may be mined meanwhile), and block hashes.
 */
export interface CallableChain {
  headerAt(number: bigint): BlockHeader;
  pinStateAt(number: bigint): PinnedState;
  blockHashOf(number: bigint): Uint8Array | undefined;
  /** A hash blockHashOf lacks, asked for (a fork's remote blocks). */
  fetchBlockHash(number: bigint): Promise<Uint8Array | undefined>;
}

export interface CallOptions {
  overrides?: ReadonlyMap<string, AccountOverride>;
  reportAccessList?: boolean;
  /** Aborted when the answer is no longer wanted (the client went away). */
  signal?: AbortSignal;
}

export class MessageCalls {
  private readonly runner: CallRunner;

  constructor(
    private readonly common: Common,
    private readonly chain: CallableChain,
  ) {
    this.runner = new CallRunner(common);
  }

  /** Runs a message at block `number` (eth_call); nothing it does is kept. */
  async call(request: MessageRequest, number: bigint, options: CallOptions = {}): Promise<MessageResult> {
    const state = this.chain.pinStateAt(number);
    try {
      return await this.callOn(state, request, number, options);
    } finally {
      state.release();
    }
  }

  /** The smallest gas limit with which the message succeeds at block `number`. */
  async estimateGas(
    request: MessageRequest,
    number: bigint,
    options: Omit<CallOptions, "reportAccessList"> = {},
  ): Promise<bigint> {
    const highest = request.gas ?? this.chain.headerAt(number).gasLimit;
    const { overrides } = options;
    // Every try reads the same state, whatever is mined in between.
    const state = this.chain.pinStateAt(number);
    try {
      const run = (gas: bigint) => this.callOn(state, { ...request, gas }, number, options);
      // A plain transfer to an account without code costs exactly the base transaction gas.
      const plainTransfer =
        request.to !== undefined &&
        (request.data === undefined || request.data.length === 0) &&
        request.accessList === undefined &&
        request.authorizationList === undefined &&
        overrides?.get(request.to)?.code === undefined &&
        state.getCode(request.to).length === 0;
      if (plainTransfer && highest >= PLAIN_TRANSFER_GAS) {
        const result = await run(PLAIN_TRANSFER_GAS);
        if (result.invalid === undefined && result.error === undefined) return PLAIN_TRANSFER_GAS;
      }
      return await estimateGas(run, highest, this.runsFixedPath(state, request, overrides));
    } finally {
      state.release();
    }
  }

  /** Whether the code the message runs cannot take another path under less gas. */
  private runsFixedPath(
    state: StateReader,
    request: MessageRequest,
    overrides: CallOptions["overrides"],
  ): boolean {
    if (request.authorizationList !== undefined) return false; // it may install code as it runs
    if (request.to === undefined) return !observesGas(request.data ?? new Uint8Array());
    const code = overrides?.get(request.to)?.code ?? state.getCode(request.to);
    return !observesGas(code);
  }

  private callOn(
    base: StateReader,
    request: MessageRequest,
    number: bigint,
    options: CallOptions,
  ): Promise<MessageResult> {
    const header = this.chain.headerAt(number);
    const { overrides } = options;
    const state =
      overrides === undefined || overrides.size === 0 ? base : new OverriddenState(base, overrides);
    const tx = messageTx(this.common, request, {
      gasLimit: header.gasLimit,
      nonce: state.getAccount(request.from ?? ZERO_ADDRESS)?.nonce ?? 0n,
      baseFee: header.baseFeePerGas,
    });
    return this.runner.run({
      tx,
      header,
      state,
      blockHashes: (n) => this.chain.blockHashOf(n),
      fetchBlockHash: (n) => this.chain.fetchBlockHash(n),
      noBaseFee: !hasFeeFields(request),
      reportAccessList: options.reportAccessList === true,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }
}
