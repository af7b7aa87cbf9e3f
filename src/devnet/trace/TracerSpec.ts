/**
 * Which tracer a request asked for, with its configuration, and how one is made per transaction.
 * The names are geth's; the JSON-RPC layer turns the request's `tracer` / `tracerConfig` / logger
 * options into a TracerSpec (and an unknown name into -32602).
 */
import { CallTracer, type CallTracerConfig } from "./CallTracer.js";
import { FourByteTracer } from "./FourByteTracer.js";
import { NoopTracer } from "./NoopTracer.js";
import { ParityTracer, type ParityTracerOptions } from "./ParityTracer.js";
import { PrestateTracer, type PrestateTracerConfig } from "./PrestateTracer.js";
import { StructLogger, type StructLoggerOptions } from "./StructLogger.js";
import type { TraceBudget } from "./TraceBudget.js";
import type { Tracer } from "./Tracer.js";

export type TracerSpec =
  | ({ tracer: "structLogger" } & StructLoggerOptions & { limit?: number })
  | ({ tracer: "callTracer" } & CallTracerConfig)
  | ({ tracer: "prestateTracer" } & PrestateTracerConfig)
  | { tracer: "4byteTracer" }
  | { tracer: "noopTracer" }
  /** Parity-style traces (trace_*), not a geth tracer: debug_trace* cannot name it. */
  | ({ tracer: "parity" } & ParityTracerOptions);

/** The tracers a request may name (the struct logger is the default and has no name). */
export const TRACER_NAMES = ["callTracer", "prestateTracer", "4byteTracer", "noopTracer"] as const;

/** A fresh tracer for one transaction; struct loggers of one request share `budget`. */
export function createTracer(spec: TracerSpec, budget: TraceBudget): Tracer {
  switch (spec.tracer) {
    case "structLogger":
      return new StructLogger(spec, budget);
    case "callTracer":
      return new CallTracer(spec);
    case "prestateTracer":
      return new PrestateTracer(spec);
    case "4byteTracer":
      return new FourByteTracer();
    case "noopTracer":
      return new NoopTracer();
    case "parity":
      return new ParityTracer(spec);
  }
}
