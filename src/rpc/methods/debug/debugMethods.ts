/** The debug_ namespace: geth's tracing methods and the raw (RLP) getters. */
import type { Devnet } from "../../../devnet/Devnet.js";
import type { RpcMethod } from "../../types.js";
import { debug_getRawBlock } from "./debug_getRawBlock.js";
import { debug_getRawHeader } from "./debug_getRawHeader.js";
import { debug_getRawReceipts } from "./debug_getRawReceipts.js";
import { debug_getRawTransaction } from "./debug_getRawTransaction.js";
import { debug_traceBlockByHash } from "./debug_traceBlockByHash.js";
import { debug_traceBlockByNumber } from "./debug_traceBlockByNumber.js";
import { debug_traceCall } from "./debug_traceCall.js";
import { debug_traceTransaction } from "./debug_traceTransaction.js";

export const debugMethods: readonly RpcMethod<Devnet>[] = [
  debug_traceTransaction,
  debug_traceCall,
  debug_traceBlockByNumber,
  debug_traceBlockByHash,
  debug_getRawTransaction,
  debug_getRawReceipts,
  debug_getRawBlock,
  debug_getRawHeader,
] as RpcMethod<Devnet>[];
