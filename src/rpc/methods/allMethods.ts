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
import { eth_createAccessList } from "./eth/eth_createAccessList.js";
import { eth_estimateGas } from "./eth/eth_estimateGas.js";
import { eth_sendRawTransaction } from "./eth/eth_sendRawTransaction.js";
import { eth_sendTransaction } from "./eth/eth_sendTransaction.js";
import { eth_sign } from "./eth/eth_sign.js";
import { eth_signTypedData_v4 } from "./eth/eth_signTypedData_v4.js";
import { personal_sign } from "./eth/personal_sign.js";
import { pevmMethods } from "./pevm/pevmMethods.js";
import { readMethods } from "./readMethods.js";

const writeMethods = [
  eth_call,
  eth_estimateGas,
  eth_createAccessList,
  eth_sendRawTransaction,
  eth_sendTransaction,
  eth_sign,
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
    ] as RpcMethod<Devnet>[]),
  );
  return registry;
}
