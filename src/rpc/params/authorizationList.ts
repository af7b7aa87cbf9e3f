/**
 * EIP-7702 authorization list: `[{ chainId, address, nonce, yParity, r, s }, …]`, as viem's
 * `signAuthorization` and geth write it (`v` is taken where `yParity` is missing).
 */
import type { Authorization } from "../../devnet/call/messageTx.js";
import type { ParamParser } from "../types.js";
import { array } from "./combinators.js";
import { address, quantity, quantityU64 } from "./hex.js";
import { asObject, defineParser, invalidValue, within } from "./parser.js";

const authorization: ParamParser<Authorization> = defineParser("authorization", (value) => {
  const entry = asObject("authorization", value);
  const field = <T>(name: string, parser: ParamParser<T>, raw: unknown = entry[name]): T =>
    within(`field "${name}"`, () => {
      if (raw === undefined || raw === null) invalidValue(parser.description, raw, "missing");
      return parser.parse(raw);
    });
  const parity = entry.yParity ?? entry.v;
  return {
    chainId: field("chainId", quantity),
    address: field("address", address),
    nonce: field("nonce", quantityU64),
    yParity: field("yParity", quantity, parity),
    r: field("r", quantity),
    s: field("s", quantity),
  };
});

/** An authorization list; addresses come back lowercase. */
export const authorizationList: ParamParser<Authorization[]> = array(authorization);
