/**
 * geth's trace config, the last parameter of the debug_trace* methods:
 * `{ tracer?, tracerConfig?, enableMemory?, disableStack?, disableStorage?, enableReturnData?,
 * limit?, timeout?, reexec? }`, and for debug_traceCall also `stateOverrides` and `blockOverrides`.
 * No `tracer` means the struct logger. An unknown tracer (JavaScript tracers included) is -32602.
 */

import { TRACER_NAMES, type TracerSpec } from "../../../devnet/trace/TracerSpec.js";
import type { BlockOverrides } from "../../../devnet/trace/traceCall.js";
import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { address, hash32, hexData, quantity, quantityU64 } from "../../params/hex.js";
import { asObject, defineParser, invalidValue, within } from "../../params/parser.js";
import { boolean, string } from "../../params/scalar.js";
import { type StateOverride, stateOverride } from "../../params/stateOverride.js";
import { struct } from "../../params/struct.js";
import type { ParamParser } from "../../types.js";

/** A JSON number that is a non-negative integer (geth's `limit`, `reexec`). */
const count: ParamParser<number> = defineParser("count", (value) => {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    return invalidValue("count", value, "expected a non-negative integer");
  }
  return value;
});

const options = struct("trace config", {
  tracer: string,
  tracerConfig: defineParser("tracer config", (value) => asObject("tracer config", value)),
  enableMemory: boolean,
  disableStack: boolean,
  disableStorage: boolean,
  enableReturnData: boolean,
  limit: count,
  timeout: string,
  reexec: count,
});

const callTracerConfig = struct("callTracer config", { onlyTopCall: boolean, withLog: boolean });
const prestateTracerConfig = struct("prestateTracer config", {
  diffMode: boolean,
  disableCode: boolean,
  disableStorage: boolean,
});

const blockOverrideFields = struct("block overrides", {
  number: quantityU64,
  time: quantityU64,
  gasLimit: quantityU64,
  feeRecipient: address,
  prevRandao: hash32,
  baseFeePerGas: quantity,
  difficulty: quantity,
  blobBaseFee: quantity,
});

/** The tracer a config names, with its options. */
function tracerSpec(config: ReturnType<typeof options.parse>): TracerSpec {
  const { tracer } = config;
  const tracerConfig = config.tracerConfig ?? {};
  if (tracer === undefined || tracer === "") {
    return {
      tracer: "structLogger",
      enableMemory: config.enableMemory ?? false,
      disableStack: config.disableStack ?? false,
      disableStorage: config.disableStorage ?? false,
      enableReturnData: config.enableReturnData ?? false,
      ...(config.limit === undefined ? {} : { limit: config.limit }),
    };
  }
  switch (tracer) {
    case "callTracer": {
      const parsed = within('field "tracerConfig"', () => callTracerConfig.parse(tracerConfig));
      return { tracer, onlyTopCall: parsed.onlyTopCall ?? false, withLog: parsed.withLog ?? false };
    }
    case "prestateTracer": {
      const parsed = within('field "tracerConfig"', () => prestateTracerConfig.parse(tracerConfig));
      return {
        tracer,
        diffMode: parsed.diffMode ?? false,
        disableCode: parsed.disableCode ?? false,
        disableStorage: parsed.disableStorage ?? false,
      };
    }
    case "4byteTracer":
    case "noopTracer":
      return { tracer };
  }
  const supported = `supported: ${TRACER_NAMES.join(", ")}, or no tracer for the struct logger`;
  if (/[{}()]|function/.test(tracer)) {
    throw new InvalidParamsError(`JavaScript tracers are not supported (${supported})`);
  }
  throw new InvalidParamsError(`unknown tracer "${tracer.slice(0, 64)}" (${supported})`);
}

export interface TraceConfig {
  spec: TracerSpec;
}

export interface TraceCallConfig extends TraceConfig {
  stateOverrides?: StateOverride;
  blockOverrides?: BlockOverrides;
}

/** The trace config of debug_traceTransaction and debug_traceBlockBy*. */
export const traceConfig: ParamParser<TraceConfig> = defineParser("trace config", (value) => ({
  spec: tracerSpec(options.parse(value)),
}));

/** The trace config of debug_traceCall: the same, plus state and block overrides. */
export const traceCallConfig: ParamParser<TraceCallConfig> = defineParser("trace config", (value) => {
  const config: TraceCallConfig = { spec: tracerSpec(options.parse(value)) };
  const object = asObject("trace config", value);
  if (object.stateOverrides !== undefined && object.stateOverrides !== null) {
    config.stateOverrides = within('field "stateOverrides"', () =>
      stateOverride.parse(object.stateOverrides),
    );
  }
  if (object.blockOverrides !== undefined && object.blockOverrides !== null) {
    const fields = within('field "blockOverrides"', () => blockOverrideFields.parse(object.blockOverrides));
    const overrides: BlockOverrides = {};
    if (fields.number !== undefined) overrides.number = fields.number;
    if (fields.time !== undefined) overrides.time = fields.time;
    if (fields.gasLimit !== undefined) overrides.gasLimit = fields.gasLimit;
    if (fields.feeRecipient !== undefined) overrides.feeRecipient = fields.feeRecipient;
    if (fields.prevRandao !== undefined) overrides.prevRandao = hexData.parse(fields.prevRandao);
    if (fields.baseFeePerGas !== undefined) overrides.baseFeePerGas = fields.baseFeePerGas;
    config.blockOverrides = overrides;
  }
  return config;
});

/** The struct logger with geth's defaults (a request without a config). */
export const DEFAULT_TRACE_CONFIG: TraceCallConfig = {
  spec: {
    tracer: "structLogger",
    enableMemory: false,
    disableStack: false,
    disableStorage: false,
    enableReturnData: false,
  },
};
