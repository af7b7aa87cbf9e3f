/** The ots_ namespace (Otterscan's API, level 8) and the erigon_ method Otterscan also calls. */
import type { Devnet } from "../../../devnet/Devnet.js";
import type { RpcMethod } from "../../types.js";
import { erigon_getHeaderByNumber } from "../erigon/erigon_getHeaderByNumber.js";
import { ots_getApiLevel } from "./ots_getApiLevel.js";
import { ots_getBlockDetails } from "./ots_getBlockDetails.js";
import { ots_getBlockDetailsByHash } from "./ots_getBlockDetailsByHash.js";
import { ots_getBlockTransactions } from "./ots_getBlockTransactions.js";
import { ots_getContractCreator } from "./ots_getContractCreator.js";
import { ots_getInternalOperations } from "./ots_getInternalOperations.js";
import { ots_getTransactionBySenderAndNonce } from "./ots_getTransactionBySenderAndNonce.js";
import { ots_getTransactionError } from "./ots_getTransactionError.js";
import { ots_hasCode } from "./ots_hasCode.js";
import { ots_searchTransactionsAfter } from "./ots_searchTransactionsAfter.js";
import { ots_searchTransactionsBefore } from "./ots_searchTransactionsBefore.js";
import { ots_traceTransaction } from "./ots_traceTransaction.js";

export const otsMethods: readonly RpcMethod<Devnet>[] = [
  ots_getApiLevel,
  ots_hasCode,
  ots_getInternalOperations,
  ots_getTransactionError,
  ots_traceTransaction,
  ots_getBlockDetails,
  ots_getBlockDetailsByHash,
  ots_getBlockTransactions,
  ots_searchTransactionsBefore,
  ots_searchTransactionsAfter,
  ots_getTransactionBySenderAndNonce,
  ots_getContractCreator,
  erigon_getHeaderByNumber,
] as RpcMethod<Devnet>[];
