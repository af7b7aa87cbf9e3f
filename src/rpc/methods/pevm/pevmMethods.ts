/** The pevm_ methods: the parallel engine's reports. */
import type { Devnet } from "../../../devnet/Devnet.js";
import type { RpcMethod } from "../../types.js";
import { pevm_getBlockReport } from "./pevm_getBlockReport.js";

export const pevmMethods: readonly RpcMethod<Devnet>[] = [pevm_getBlockReport];
