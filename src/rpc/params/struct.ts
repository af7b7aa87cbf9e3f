/** Parser of a JSON object whose known fields each have a parser; unknown fields are ignored. */
import type { ParamParser } from "../types.js";
import { asObject, within } from "./parser.js";

export type StructShape = Record<string, ParamParser<unknown>>;

/** Every field optional; a field absent or `null` in the input is absent from the output. */
export type StructOf<S extends StructShape> = {
  -readonly [K in keyof S]?: S[K] extends ParamParser<infer T> ? T : never;
};

/**
 * A JSON object with optional fields, each parsed by its parser; a failure names the field.
 * @example struct("filter", { fromBlock: blockNumberOrTag, address: address })
 */
export function struct<S extends StructShape>(description: string, shape: S): ParamParser<StructOf<S>> {
  return {
    description,
    optional: false,
    parse(value) {
      const input = asObject(description, value);
      const output: Record<string, unknown> = {};
      for (const [key, parser] of Object.entries(shape)) {
        const field = input[key];
        // geth reads JSON null as "not set" for every optional field; so do we.
        if (field === undefined || field === null) continue;
        output[key] = within(`field "${key}"`, () => parser.parse(field));
      }
      return output as StructOf<S>;
    },
  };
}
