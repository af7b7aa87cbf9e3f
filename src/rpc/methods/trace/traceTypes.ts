/**
 * Parity's `traceTypes`, the list of what a trace_replay* or trace_call answer holds: any of
 * "trace", "stateDiff", "vmTrace". An unknown name is -32602.
 */
import type { ParityTraceTypes } from "../../../devnet/trace/ParityTracer.js";
import { defineParser, invalidValue, within } from "../../params/parser.js";
import type { ParamParser } from "../../types.js";

const NAMES = ["trace", "stateDiff", "vmTrace"] as const;

export const traceTypes: ParamParser<ParityTraceTypes> = defineParser("trace types", (value) => {
  if (!Array.isArray(value))
    return invalidValue("trace types", value, `expected an array of ${NAMES.join(", ")}`);
  const types: ParityTraceTypes = { trace: false, stateDiff: false, vmTrace: false };
  value.forEach((name, index) => {
    within(`element ${index}`, () => {
      if (!NAMES.includes(name)) invalidValue("trace type", name, `expected one of ${NAMES.join(", ")}`);
      types[name as keyof ParityTraceTypes] = true;
    });
  });
  return types;
});
