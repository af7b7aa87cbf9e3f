/** Every JSON-RPC method the devnet serves. */
import type { Devnet } from "../../devnet/Devnet.js";
import { filterMethods } from "../filters/filterMethods.js";
import { MethodRegistry } from "../registry.js";
import type { RpcMethod } from "../types.js";
import { anvil_dumpState } from "./anvil/anvil_dumpState.js";
import { anvil_loadState } from "./anvil/anvil_loadState.js";
import { chainEditMethods } from "./anvil/chainEditMethods.js";
import { debugMethods } from "./debug/debugMethods.js";
import { devMethods } from "./devMethods.js";
import { blockAccessListMethods } from "./eth/blockAccessListMethods.js";
import { eth_call } from "./eth/eth_call.js";
import { eth_callMany } from "./eth/eth_callMany.js";
import { eth_createAccessList } from "./eth/eth_createAccessList.js";
import { eth_estimateGas } from "./eth/eth_estimateGas.js";
import { eth_fillTransaction } from "./eth/eth_fillTransaction.js";
import { eth_sendRawTransaction } from "./eth/eth_sendRawTransaction.js";
import { eth_sendRawTransactionSync } from "./eth/eth_sendRawTransactionSync.js";
import { eth_sendTransaction } from "./eth/eth_sendTransaction.js";
import { eth_sendTransactionSync } from "./eth/eth_sendTransactionSync.js";
import { eth_sign } from "./eth/eth_sign.js";
import { eth_signTypedData_v4 } from "./eth/eth_signTypedData_v4.js";
import { eth_simulateV1 } from "./eth/eth_simulateV1.js";
import { personal_sign } from "./eth/personal_sign.js";
import { otsMethods } from "./ots/otsMethods.js";
import { pevmMethods } from "./pevm/pevmMethods.js";
import { readMethods } from "./readMethods.js";
import { traceMethods } from "./trace/traceMethods.js";

const writeMethods = [
  eth_call,
  eth_callMany,
  eth_estimateGas,
  eth_fillTransaction,
  eth_createAccessList,
  eth_sendRawTransaction,
  eth_sendTransaction,
  eth_sendRawTransactionSync,
  eth_sendTransactionSync,
  eth_sign,
  eth_simulateV1,
  personal_sign,
  eth_signTypedData_v4,
  anvil_dumpState,
  anvil_loadState,
];

/** A registry with every method. */
export function createMethodRegistry(): MethodRegistry<Devnet> {
  const registry = new MethodRegistry<Devnet>();
  registry.register(
    ...([
      ...readMethods,
      ...writeMethods,
      ...filterMethods,
      ...devMethods,
      ...chainEditMethods,
      ...blockAccessListMethods,
      ...pevmMethods,
      ...debugMethods,
      ...traceMethods,
      ...otsMethods,
    ] as RpcMethod<Devnet>[]),
  );
  return registry;
}
