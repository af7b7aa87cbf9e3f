/**
 * The transaction object of eth_call, eth_estimateGas, eth_createAccessList and
 * eth_sendTransaction. Every field is optional; the methods fill in defaults.
 */

import type { MessageRequest } from "../../devnet/call/messageTx.js";
import { InvalidParamsError } from "../../errors/DevnetError.js";
import type { ParamParser } from "../types.js";
import { accessList } from "./accessList.js";
import { authorizationList } from "./authorizationList.js";
import { address, hexData, quantity, quantityU64 } from "./hex.js";
import { defineParser, invalidValue } from "./parser.js";
import { struct } from "./struct.js";

/** The devnet's message request (see MessageRequest), plus the chain id a client may name. */
export type CallRequest = MessageRequest & { chainId?: bigint };

const transactionType: ParamParser<number> = defineParser("transaction type", (value) => {
  const type = quantity.parse(value);
  if (type > 0x7fn) invalidValue("transaction type", value); // EIP-2718 types are below 0x80
  return Number(type);
});

const fields = struct("transaction object", {
  from: address,
  to: address,
  gas: quantityU64,
  gasPrice: quantity,
  maxFeePerGas: quantity,
  maxPriorityFeePerGas: quantity,
  value: quantity,
  data: hexData,
  input: hexData,
  nonce: quantityU64,
  accessList,
  authorizationList,
  type: transactionType,
  chainId: quantity,
});

/** A call or transaction request; `input` and `data` are both accepted and must agree. */
export const callRequest: ParamParser<CallRequest> = defineParser("transaction object", (value) => {
  const { input, data, ...rest } = fields.parse(value);
  if (input !== undefined && data !== undefined && !sameBytes(input, data)) {
    // geth's wording, which tools already know.
    throw new InvalidParamsError(
      'both "data" and "input" are set and not equal. Please use "input" to pass transaction call data',
    );
  }
  if (
    rest.gasPrice !== undefined &&
    (rest.maxFeePerGas !== undefined || rest.maxPriorityFeePerGas !== undefined)
  ) {
    throw new InvalidParamsError("both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified");
  }
  const bytes = input ?? data;
  return bytes === undefined ? rest : { ...rest, data: bytes };
});

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
