/** Public surface of the chain: the Devnet and the state views the executors read. */

export type { StateReader } from "../state/StateReader.js";
export type { AccountChange, AccountInfo, AddressHex, SlotHex } from "../state/types.js";
export { WorldState } from "../state/WorldState.js";
export type { MinedBlock, StoredReceipt } from "./chain/types.js";
export { Devnet } from "./Devnet.js";
export { DEFAULT_OPTIONS, type DevnetOptions } from "./DevnetOptions.js";
export type { MiningMode } from "./mining/Miner.js";
export { type ReportMinedBlockOptions, reportMinedBlock } from "./report/reportMinedBlock.js";
