/** The read-only methods: chain, blocks, transactions, receipts, logs, state, fees, web3_ and net_. */
import type { Devnet } from "../../devnet/Devnet.js";
import type { RpcMethod } from "../types.js";
import { eth_accounts } from "./eth/eth_accounts.js";
import { eth_blobBaseFee } from "./eth/eth_blobBaseFee.js";
import { eth_blockNumber } from "./eth/eth_blockNumber.js";
import { eth_chainId } from "./eth/eth_chainId.js";
import { eth_coinbase } from "./eth/eth_coinbase.js";
import { eth_config } from "./eth/eth_config.js";
import { eth_feeHistory } from "./eth/eth_feeHistory.js";
import { eth_gasPrice } from "./eth/eth_gasPrice.js";
import { eth_getAccount } from "./eth/eth_getAccount.js";
import { eth_getBalance } from "./eth/eth_getBalance.js";
import { eth_getBlockByHash } from "./eth/eth_getBlockByHash.js";
import { eth_getBlockByNumber } from "./eth/eth_getBlockByNumber.js";
import { eth_getBlockReceipts } from "./eth/eth_getBlockReceipts.js";
import { eth_getBlockTransactionCountByHash } from "./eth/eth_getBlockTransactionCountByHash.js";
import { eth_getBlockTransactionCountByNumber } from "./eth/eth_getBlockTransactionCountByNumber.js";
import { eth_getCode } from "./eth/eth_getCode.js";
import { eth_getHeaderByHash } from "./eth/eth_getHeaderByHash.js";
import { eth_getHeaderByNumber } from "./eth/eth_getHeaderByNumber.js";
import { eth_getLogs } from "./eth/eth_getLogs.js";
import { eth_getProof } from "./eth/eth_getProof.js";
import { eth_getStorageAt } from "./eth/eth_getStorageAt.js";
import { eth_getTransactionByBlockHashAndIndex } from "./eth/eth_getTransactionByBlockHashAndIndex.js";
import { eth_getTransactionByBlockNumberAndIndex } from "./eth/eth_getTransactionByBlockNumberAndIndex.js";
import { eth_getTransactionByHash } from "./eth/eth_getTransactionByHash.js";
import { eth_getTransactionCount } from "./eth/eth_getTransactionCount.js";
import { eth_getTransactionReceipt } from "./eth/eth_getTransactionReceipt.js";
import { eth_maxPriorityFeePerGas } from "./eth/eth_maxPriorityFeePerGas.js";
import { eth_syncing } from "./eth/eth_syncing.js";
import { net_listening } from "./net/net_listening.js";
import { net_peerCount } from "./net/net_peerCount.js";
import { net_version } from "./net/net_version.js";
import { web3_clientVersion } from "./web3/web3_clientVersion.js";
import { web3_sha3 } from "./web3/web3_sha3.js";

export const readMethods: readonly RpcMethod<Devnet>[] = [
  web3_clientVersion,
  web3_sha3,
  net_version,
  net_listening,
  net_peerCount,
  eth_chainId,
  eth_blockNumber,
  eth_accounts,
  eth_coinbase,
  eth_syncing,
  eth_gasPrice,
  eth_maxPriorityFeePerGas,
  eth_feeHistory,
  eth_getBalance,
  eth_getTransactionCount,
  eth_getCode,
  eth_getStorageAt,
  eth_getBlockByNumber,
  eth_getBlockByHash,
  eth_getBlockTransactionCountByNumber,
  eth_getBlockTransactionCountByHash,
  eth_getTransactionByHash,
  eth_getTransactionByBlockNumberAndIndex,
  eth_getTransactionByBlockHashAndIndex,
  eth_getTransactionReceipt,
  eth_getBlockReceipts,
  eth_getLogs,
  eth_getProof,
  eth_getAccount,
  eth_blobBaseFee,
  eth_config,
  eth_getHeaderByNumber,
  eth_getHeaderByHash,
];
