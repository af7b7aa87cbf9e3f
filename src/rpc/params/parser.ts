/**
 * How a parameter parser is built and how it fails. A parser throws InvalidParamsError with a
 * message that says what was wrong (`invalid address "0x12"`); callers that know where the value
 * sits (argument 0, field "to") prefix the message with {@link within}.
 */
import { InvalidParamsError, isDevnetError } from "../../errors/DevnetError.js";
import type { ParamParser } from "../types.js";

/** Builds a required parser from a description (used in messages) and a parse function. */
export function defineParser<T>(description: string, parse: (value: unknown) => T): ParamParser<T> {
  return { description, optional: false, parse };
}

/**
 * Throws the -32602 error for a value that is not a valid `description`.
 * @example invalidValue("address", "0x12") // throws `invalid address "0x12"`
 */
export function invalidValue(description: string, value: unknown, reason?: string): never {
  const suffix = reason === undefined ? "" : `: ${reason}`;
  throw new InvalidParamsError(`invalid ${description} ${showValue(value)}${suffix}`);
}

/**
 * Runs `parse` and, when it fails with -32602, prefixes the message with where the value sits,
 * so nested failures read `invalid argument 0: field "to": invalid address "0x12"`.
 */
export function within<T>(where: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (isDevnetError(error) && error.code === -32602) {
      throw new InvalidParamsError(`${where}: ${error.message}`);
    }
    throw error;
  }
}

/** Narrows to a plain JSON object (not null, not an array) or fails as `description`. */
export function asObject(description: string, value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return invalidValue(description, value, "expected an object");
  }
  return value as Record<string, unknown>;
}

const MAX_SHOWN = 80;

/** The offending value as JSON, cut short so a 1 MB blob does not end up in an error message. */
function showValue(value: unknown): string {
  const json = value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  return json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN)}…` : json;
}
