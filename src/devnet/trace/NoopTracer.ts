/** geth's `noopTracer`: runs the transaction and reports nothing (`{}`). */
import type { Tracer } from "./Tracer.js";

export class NoopTracer implements Tracer<Record<string, never>> {
  result(): Record<string, never> {
    return {};
  }
}
