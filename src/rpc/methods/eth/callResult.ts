import { bytesToHex } from "@ethereumjs/util";
import { invalidMessageError } from "../../../devnet/call/estimateGas.js";
import { revertError } from "../../../devnet/call/revertReason.js";
import type { MessageResult } from "../../../devnet/call/runMessage.js";
import { DevnetError } from "../../../errors/DevnetError.js";

/** The return data of a successful call, or the error a failed one answers (anvil's codes). */
export function callResult(result: MessageResult): string {
  if (result.invalid !== undefined) throw invalidMessageError(result.invalid);
  if (result.error === "revert") throw revertError(bytesToHex(result.returnValue));
  if (result.error !== undefined) throw new DevnetError(-32603, `EVM error ${evmErrorName(result.error)}`);
  return bytesToHex(result.returnValue);
}

/** ethereumjs' error text ("out of gas") as a name ("OutOfGas"). */
function evmErrorName(error: string): string {
  return error
    .split(/[\s_-]+/)
    .map((word) => (word.length === 0 ? "" : (word[0] as string).toUpperCase() + word.slice(1)))
    .join("");
}
