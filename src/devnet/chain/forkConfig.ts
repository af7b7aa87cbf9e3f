/**
 * The chain's fork configuration as eth_config (EIP-7910) describes it: the fork in force, its
 * blob schedule, precompiles and system contracts, and its fork id (EIP-2124). Every fork of a
 * devnet is active from genesis, so there is no next fork, and the fork id is the CRC-32 of the
 * genesis hash alone (forks at genesis do not count).
 */

import { paramsBlock } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";

export interface ForkConfig {
  activationTime: number;
  /** Absent before Cancun. */
  blobSchedule?: { baseFeeUpdateFraction: number; max: number; target: number };
  chainId: bigint;
  /** 4 bytes, big-endian. */
  forkId: number;
  /** Name → address, sorted by name. */
  precompiles: Record<string, string>;
  /** Name → address, sorted by name. */
  systemContracts: Record<string, string>;
}

const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;

/** Precompiles by the EIP that brings them (0: there from the start), with EIP-7910's names. */
const PRECOMPILES: readonly [eip: number, name: string, at: number][] = [
  [0, "ECREC", 0x01],
  [0, "SHA256", 0x02],
  [0, "RIPEMD160", 0x03],
  [0, "ID", 0x04],
  [198, "MODEXP", 0x05],
  [196, "BN254_ADD", 0x06],
  [196, "BN254_MUL", 0x07],
  [197, "BN254_PAIRING", 0x08],
  [152, "BLAKE2F", 0x09],
  [4844, "KZG_POINT_EVALUATION", 0x0a],
  [2537, "BLS12_G1ADD", 0x0b],
  [2537, "BLS12_G1MSM", 0x0c],
  [2537, "BLS12_G2ADD", 0x0d],
  [2537, "BLS12_G2MSM", 0x0e],
  [2537, "BLS12_PAIRING_CHECK", 0x0f],
  [2537, "BLS12_MAP_FP_TO_G1", 0x10],
  [2537, "BLS12_MAP_FP2_TO_G2", 0x11],
  [7951, "P256VERIFY", 0x100],
];

/** System contracts by the EIP that brings them; the deposit contract is mainnet's, as anvil says. */
const SYSTEM_CONTRACTS: readonly [eip: number, name: string, at: string][] = [
  [4788, "BEACON_ROOTS_ADDRESS", "0x000f3df6d732807ef1319fb7b8bb8522d0beac02"],
  [7251, "CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS", "0x0000bbddc7ce488642fb579f8b00f3a590007251"],
  [6110, "DEPOSIT_CONTRACT_ADDRESS", "0x00000000219ab540356cbb839cbe05303d7705fa"],
  [2935, "HISTORY_STORAGE_ADDRESS", "0x0000f90827f1c53a10cb7a02335b175320002935"],
  [7002, "WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS", "0x00000961ef480eb55e80d19ad83579a64c007002"],
];

export function forkConfig(common: Common, genesisHash: Uint8Array): ForkConfig {
  const active = (eip: number) => {
    if (eip === 0) return true;
    // Homestead's and Byzantium's precompiles are not EIPs ethereumjs lists as active.
    if (eip === 198 || eip === 196 || eip === 197) return common.gteHardfork("byzantium");
    if (eip === 152) return common.gteHardfork("istanbul");
    return common.isActivatedEIP(eip);
  };
  const byName = (entries: [string, string][]) =>
    Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const config: ForkConfig = {
    activationTime: 0,
    chainId: common.chainId(),
    forkId: crc32(genesisHash),
    precompiles: byName(
      PRECOMPILES.filter(([eip]) => active(eip)).map(([, name, at]) => [name, address(at)]),
    ),
    systemContracts: byName(
      SYSTEM_CONTRACTS.filter(([eip]) => active(eip)).map(([, name, at]) => [name, at]),
    ),
  };
  if (common.isActivatedEIP(4844)) {
    common.updateParams(paramsBlock);
    const perBlob = Number(common.param("blobGasPerBlob"));
    config.blobSchedule = {
      baseFeeUpdateFraction: Number(common.param("blobGasPriceUpdateFraction")),
      max: Number(common.param("maxBlobGasPerBlock")) / perBlob,
      target: Number(common.param("targetBlobGasPerBlock")) / perBlob,
    };
  }
  return config;
}

/** CRC-32 (IEEE), as EIP-2124's fork id uses it. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
