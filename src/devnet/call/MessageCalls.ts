/**
 * Messages run against the chain's blocks and thrown away: eth_call and eth_estimateGas, each at a
 * block and optionally over overridden accounts.
 */
import type { BlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { StateReader } from "../../state/StateReader.js";
import { estimateGas } from "./estimateGas.js";
import { hasFeeFields, type MessageRequest, messageTx, ZERO_ADDRESS } from "./messageTx.js";
import { type AccountOverride, OverriddenState } from "./OverriddenState.js";
import { CallRunner, type MessageResult } from "./runMessage.js";

/** Gas of a plain value transfer. */
const TX_GAS = 21_000n;

/** What a call needs of the chain: a block's header and the state after it, and block hashes. */
export interface CallableChain {
  headerAt(number: bigint): BlockHeader;
  stateAt(number: bigint): StateReader;
  blockHashOf(number: bigint): Uint8Array | undefined;
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
  async call(
    request: MessageRequest,
    number: bigint,
    options: { overrides?: ReadonlyMap<string, AccountOverride>; reportAccessList?: boolean } = {},
  ): Promise<MessageResult> {
    const header = this.chain.headerAt(number);
    const base = this.chain.stateAt(number);
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
      noBaseFee: !hasFeeFields(request),
      reportAccessList: options.reportAccessList === true,
    });
  }

  /** The smallest gas limit with which the message succeeds at block `number`. */
  async estimateGas(
    request: MessageRequest,
    number: bigint,
    overrides?: ReadonlyMap<string, AccountOverride>,
  ): Promise<bigint> {
    const highest = request.gas ?? this.chain.headerAt(number).gasLimit;
    const withOverrides = overrides === undefined ? {} : { overrides };
    // A plain transfer to an account without code costs exactly the base transaction gas.
    const plainTransfer =
      request.to !== undefined &&
      (request.data === undefined || request.data.length === 0) &&
      request.accessList === undefined &&
      request.authorizationList === undefined &&
      overrides?.get(request.to)?.code === undefined &&
      this.chain.stateAt(number).getCode(request.to).length === 0;
    if (plainTransfer && highest >= TX_GAS) {
      const result = await this.call({ ...request, gas: TX_GAS }, number, withOverrides);
      if (result.invalid === undefined && result.error === undefined) return TX_GAS;
    }
    return estimateGas((gas) => this.call({ ...request, gas }, number, withOverrides), highest);
  }
}
