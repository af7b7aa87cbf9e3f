/** The trace_ namespace: Parity-style traces of mined transactions, blocks and calls. */
import type { Devnet } from "../../../devnet/Devnet.js";
import type { RpcMethod } from "../../types.js";
import { trace_block } from "./trace_block.js";
import { trace_call } from "./trace_call.js";
import { trace_filter } from "./trace_filter.js";
import { trace_get } from "./trace_get.js";
import { trace_replayBlockTransactions } from "./trace_replayBlockTransactions.js";
import { trace_replayTransaction } from "./trace_replayTransaction.js";
import { trace_transaction } from "./trace_transaction.js";

export const traceMethods: readonly RpcMethod<Devnet>[] = [
  trace_transaction,
  trace_get,
  trace_block,
  trace_filter,
  trace_replayTransaction,
  trace_replayBlockTransactions,
  trace_call,
] as RpcMethod<Devnet>[];
