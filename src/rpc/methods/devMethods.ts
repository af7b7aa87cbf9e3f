/**
 * The dev methods: mining and time, snapshots and reset, state edits, impersonation, the pool, and node
 * info, under their evm_, anvil_ and hardhat_ names (each name answers as its tool does), plus
 * txpool_ and eth_pendingTransactions.
 */
import type { Devnet } from "../../devnet/Devnet.js";
import type { RpcMethod } from "../types.js";
import { anvil_addBalance } from "./anvil/anvil_addBalance.js";
import { anvil_autoImpersonateAccount } from "./anvil/anvil_autoImpersonateAccount.js";
import { anvil_dealERC20 } from "./anvil/anvil_dealERC20.js";
import { anvil_dropAllTransactions } from "./anvil/anvil_dropAllTransactions.js";
import { anvil_dropTransaction } from "./anvil/anvil_dropTransaction.js";
import { anvil_getAutomine } from "./anvil/anvil_getAutomine.js";
import { anvil_impersonateAccount } from "./anvil/anvil_impersonateAccount.js";
import { anvil_increaseTime } from "./anvil/anvil_increaseTime.js";
import { anvil_metadata } from "./anvil/anvil_metadata.js";
import { anvil_mine } from "./anvil/anvil_mine.js";
import { anvil_nodeInfo } from "./anvil/anvil_nodeInfo.js";
import { anvil_removePoolTransactions } from "./anvil/anvil_removePoolTransactions.js";
import { anvil_reset } from "./anvil/anvil_reset.js";
import { anvil_revert } from "./anvil/anvil_revert.js";
import { anvil_setAutomine } from "./anvil/anvil_setAutomine.js";
import { anvil_setBalance } from "./anvil/anvil_setBalance.js";
import { anvil_setBlockGasLimit } from "./anvil/anvil_setBlockGasLimit.js";
import { anvil_setCode } from "./anvil/anvil_setCode.js";
import { anvil_setCoinbase } from "./anvil/anvil_setCoinbase.js";
import { anvil_setERC20Allowance } from "./anvil/anvil_setERC20Allowance.js";
import { anvil_setERC20Balance } from "./anvil/anvil_setERC20Balance.js";
import { anvil_setIntervalMining } from "./anvil/anvil_setIntervalMining.js";
import { anvil_setLoggingEnabled } from "./anvil/anvil_setLoggingEnabled.js";
import { anvil_setMinGasPrice } from "./anvil/anvil_setMinGasPrice.js";
import { anvil_setNextBlockBaseFeePerGas } from "./anvil/anvil_setNextBlockBaseFeePerGas.js";
import { anvil_setNextBlockPrevRandao } from "./anvil/anvil_setNextBlockPrevRandao.js";
import { anvil_setNextBlockTimestamp } from "./anvil/anvil_setNextBlockTimestamp.js";
import { anvil_setNonce } from "./anvil/anvil_setNonce.js";
import { anvil_setRpcUrl } from "./anvil/anvil_setRpcUrl.js";
import { anvil_setStorageAt } from "./anvil/anvil_setStorageAt.js";
import { anvil_setTime } from "./anvil/anvil_setTime.js";
import { anvil_snapshot } from "./anvil/anvil_snapshot.js";
import { anvil_stopImpersonatingAccount } from "./anvil/anvil_stopImpersonatingAccount.js";
import { eth_sendUnsignedTransaction } from "./anvil/eth_sendUnsignedTransaction.js";
import { evm_increaseTime } from "./evm/evm_increaseTime.js";
import { evm_mine } from "./evm/evm_mine.js";
import { evm_revert } from "./evm/evm_revert.js";
import { evm_setAutomine } from "./evm/evm_setAutomine.js";
import { evm_setBlockGasLimit } from "./evm/evm_setBlockGasLimit.js";
import { evm_setIntervalMining } from "./evm/evm_setIntervalMining.js";
import { evm_setNextBlockTimestamp } from "./evm/evm_setNextBlockTimestamp.js";
import { evm_setTime } from "./evm/evm_setTime.js";
import { evm_snapshot } from "./evm/evm_snapshot.js";
import { hardhat_dropTransaction } from "./hardhat/hardhat_dropTransaction.js";
import { hardhat_getAutomine } from "./hardhat/hardhat_getAutomine.js";
import { hardhat_impersonateAccount } from "./hardhat/hardhat_impersonateAccount.js";
import { hardhat_metadata } from "./hardhat/hardhat_metadata.js";
import { hardhat_mine } from "./hardhat/hardhat_mine.js";
import { hardhat_reset } from "./hardhat/hardhat_reset.js";
import { hardhat_setBalance } from "./hardhat/hardhat_setBalance.js";
import { hardhat_setCode } from "./hardhat/hardhat_setCode.js";
import { hardhat_setCoinbase } from "./hardhat/hardhat_setCoinbase.js";
import { hardhat_setLoggingEnabled } from "./hardhat/hardhat_setLoggingEnabled.js";
import { hardhat_setMinGasPrice } from "./hardhat/hardhat_setMinGasPrice.js";
import { hardhat_setNextBlockBaseFeePerGas } from "./hardhat/hardhat_setNextBlockBaseFeePerGas.js";
import { hardhat_setNonce } from "./hardhat/hardhat_setNonce.js";
import { hardhat_setPrevRandao } from "./hardhat/hardhat_setPrevRandao.js";
import { hardhat_setStorageAt } from "./hardhat/hardhat_setStorageAt.js";
import { hardhat_stopImpersonatingAccount } from "./hardhat/hardhat_stopImpersonatingAccount.js";
import { eth_pendingTransactions } from "./txpool/eth_pendingTransactions.js";
import { txpool_content } from "./txpool/txpool_content.js";
import { txpool_inspect } from "./txpool/txpool_inspect.js";
import { txpool_status } from "./txpool/txpool_status.js";

export const devMethods: readonly RpcMethod<Devnet>[] = [
  // mining and time
  evm_mine,
  anvil_mine,
  hardhat_mine,
  evm_setAutomine,
  anvil_setAutomine,
  anvil_setLoggingEnabled,
  anvil_getAutomine,
  hardhat_getAutomine,
  hardhat_setLoggingEnabled,
  evm_setIntervalMining,
  anvil_setIntervalMining,
  evm_increaseTime,
  anvil_increaseTime,
  evm_setNextBlockTimestamp,
  anvil_setNextBlockTimestamp,
  anvil_setTime,
  evm_setTime,
  evm_setBlockGasLimit,
  anvil_setBlockGasLimit,
  anvil_setNextBlockBaseFeePerGas,
  hardhat_setNextBlockBaseFeePerGas,
  anvil_setNextBlockPrevRandao,
  hardhat_setPrevRandao,
  anvil_setCoinbase,
  hardhat_setCoinbase,
  anvil_setMinGasPrice,
  hardhat_setMinGasPrice,
  // snapshots
  evm_snapshot,
  anvil_snapshot,
  evm_revert,
  anvil_revert,
  anvil_reset,
  anvil_setRpcUrl,
  hardhat_reset,
  // state edits
  anvil_setBalance,
  hardhat_setBalance,
  anvil_addBalance,
  anvil_setCode,
  hardhat_setCode,
  anvil_setNonce,
  hardhat_setNonce,
  anvil_setStorageAt,
  hardhat_setStorageAt,
  anvil_dealERC20,
  anvil_setERC20Balance,
  anvil_setERC20Allowance,
  // impersonation
  anvil_impersonateAccount,
  hardhat_impersonateAccount,
  anvil_stopImpersonatingAccount,
  hardhat_stopImpersonatingAccount,
  anvil_autoImpersonateAccount,
  eth_sendUnsignedTransaction,
  // pool
  txpool_status,
  txpool_content,
  txpool_inspect,
  eth_pendingTransactions,
  anvil_dropTransaction,
  hardhat_dropTransaction,
  anvil_dropAllTransactions,
  anvil_removePoolTransactions,
  // node info
  anvil_nodeInfo,
  anvil_metadata,
  hardhat_metadata,
];
