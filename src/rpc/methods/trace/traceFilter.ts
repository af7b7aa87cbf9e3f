/**
 * The filter of trace_filter: `{ fromBlock?, toBlock?, fromAddress?, toAddress?, mode?, after?,
 * count? }`, blocks as numbers or tags (from the genesis to the head by default), addresses as
 * arrays, `mode` "union" (the default) or "intersection". A range past the head ends at the head.
 */
import type { Devnet } from "../../../devnet/Devnet.js";
import type { ParityTraceFilter } from "../../../devnet/trace/filterParityTraces.js";
import { InvalidParamsError } from "../../../errors/DevnetError.js";
import type { BlockNumberOrTag } from "../../params/blockTag.js";
import { blockNumberOrTag } from "../../params/blockTag.js";
import { array } from "../../params/combinators.js";
import { address } from "../../params/hex.js";
import { defineParser, invalidValue } from "../../params/parser.js";
import { numberLike, string } from "../../params/scalar.js";
import { struct } from "../../params/struct.js";
import type { ParamParser } from "../../types.js";

const fields = struct("trace filter", {
  fromBlock: blockNumberOrTag,
  toBlock: blockNumberOrTag,
  fromAddress: array(address),
  toAddress: array(address),
  mode: defineParser("mode", (value) => {
    const mode = string.parse(value);
    if (mode !== "union" && mode !== "intersection") {
      return invalidValue("mode", value, 'expected "union" or "intersection"');
    }
    return mode;
  }),
  after: numberLike,
  count: numberLike,
});

export type TraceFilterRequest = ReturnType<typeof fields.parse>;

export const traceFilter: ParamParser<TraceFilterRequest> = fields;

/** The filter over the devnet's blocks: tags resolved, a range that runs backwards refused. */
export function resolveTraceFilter(devnet: Devnet, request: TraceFilterRequest): ParityTraceFilter {
  const fromBlock = request.fromBlock === undefined ? 0n : numberOf(devnet, request.fromBlock);
  const toBlock = request.toBlock === undefined ? devnet.chain.height : numberOf(devnet, request.toBlock);
  if (fromBlock > toBlock) {
    throw new InvalidParamsError(`invalid argument 0: fromBlock ${fromBlock} is after toBlock ${toBlock}`);
  }
  const filter: ParityTraceFilter = {
    fromBlock,
    toBlock,
    fromAddress: (request.fromAddress ?? []).map((a) => a.toLowerCase()),
    toAddress: (request.toAddress ?? []).map((a) => a.toLowerCase()),
    mode: request.mode ?? "union",
  };
  if (request.after !== undefined) filter.after = request.after;
  if (request.count !== undefined) filter.count = request.count;
  return filter;
}

function numberOf(devnet: Devnet, tag: BlockNumberOrTag): bigint {
  if (tag.kind === "number") return tag.number;
  return tag.tag === "earliest" ? 0n : devnet.chain.height;
}
