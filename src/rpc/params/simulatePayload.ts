/**
 * eth_simulateV1's first parameter: `{ blockStateCalls: [{ blockOverrides?, stateOverrides?,
 * calls? }], traceTransfers?, validation?, returnFullTransactions? }` (execution-apis).
 */
import { InvalidParamsError } from "../../errors/DevnetError.js";
import type { ParamParser } from "../types.js";
import { type CallRequest, callRequest } from "./callRequest.js";
import { array } from "./combinators.js";
import { address, hash32, quantity, quantityU64 } from "./hex.js";
import { defineParser } from "./parser.js";
import { boolean } from "./scalar.js";
import { type StateOverride, stateOverride } from "./stateOverride.js";
import { struct } from "./struct.js";

const blockOverrides = struct("block overrides", {
  number: quantityU64,
  time: quantityU64,
  gasLimit: quantityU64,
  feeRecipient: address,
  prevRandao: hash32,
  baseFeePerGas: quantity,
  blobBaseFee: quantity,
});

export type SimulatedBlockOverridesParam = ReturnType<typeof blockOverrides.parse>;

export interface BlockStateCall {
  blockOverrides?: SimulatedBlockOverridesParam;
  stateOverrides?: StateOverride;
  calls: CallRequest[];
}

const blockStateCallFields = struct("block state call", {
  blockOverrides,
  stateOverrides: stateOverride,
  calls: array(callRequest),
});

const blockStateCall: ParamParser<BlockStateCall> = defineParser("block state call", (value) => {
  const { calls, ...rest } = blockStateCallFields.parse(value);
  return { ...rest, calls: calls ?? [] };
});

export interface SimulatePayload {
  blockStateCalls: BlockStateCall[];
  traceTransfers: boolean;
  validation: boolean;
  returnFullTransactions: boolean;
}

const payloadFields = struct("simulation", {
  blockStateCalls: array(blockStateCall),
  traceTransfers: boolean,
  validation: boolean,
  returnFullTransactions: boolean,
});

export const simulatePayload: ParamParser<SimulatePayload> = defineParser("simulation", (value) => {
  const fields = payloadFields.parse(value);
  if (fields.blockStateCalls === undefined) {
    throw new InvalidParamsError('field "blockStateCalls": missing');
  }
  return {
    blockStateCalls: fields.blockStateCalls,
    traceTransfers: fields.traceTransfers ?? false,
    validation: fields.validation ?? false,
    returnFullTransactions: fields.returnFullTransactions ?? false,
  };
});
