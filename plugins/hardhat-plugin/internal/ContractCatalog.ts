import { readFile } from "node:fs/promises";
import { keccak_256 } from "@noble/hashes/sha3.js";
import type { ArtifactManager } from "hardhat/types/artifacts";
import { type Erc7201Namespace, erc7201Namespaces } from "./erc7201Namespaces.js";

interface AbiParameter {
  type: string;
  components?: AbiParameter[];
}

interface AbiItem {
  type: string;
  name?: string;
  inputs?: AbiParameter[];
}

interface StorageEntry {
  label: string;
  slot: string;
  offset: number;
  type: string;
}

interface StorageType {
  encoding: "inplace" | "mapping" | "dynamic_array" | "bytes";
  label: string;
  numberOfBytes: string;
  key?: string;
  value?: string;
  base?: string;
}

export interface StorageLayout {
  storage: StorageEntry[];
  types: Record<string, StorageType> | null;
}

/** A compiled contract, as the plugin needs it to name calls and storage slots. */
export interface CatalogContract {
  name: string;
  /** Runtime bytecode, lowercase hex without 0x. */
  code: string;
  /** 4-byte selector (0x + 8 hex) → function name. */
  functions: Map<string, string>;
  storageLayout: StorageLayout | undefined;
  /** ERC-7201 namespaces its code uses (declared in it or a base), which the layout omits. */
  namespaces: Erc7201Namespace[];
}

/** The project's compiled contracts, read from Hardhat's build info outputs. */
export class ContractCatalog {
  constructor(readonly contracts: readonly CatalogContract[]) {}

  /** The files of the project's build info outputs. */
  static async buildInfoOutputsOf(artifacts: ArtifactManager): Promise<string[]> {
    const paths: string[] = [];
    for (const id of await artifacts.getAllBuildInfoIds()) {
      const outputPath = await artifacts.getBuildInfoOutputPath(id);
      if (outputPath !== undefined) paths.push(outputPath);
    }
    return paths;
  }

  /** The contracts of these build info output files (read where the report is built). */
  static async fromBuildInfoOutputs(outputPaths: readonly string[]): Promise<ContractCatalog> {
    const contracts: CatalogContract[] = [];
    const seen = new Set<string>();
    for (const outputPath of outputPaths) {
      const { output } = JSON.parse(await readFile(outputPath, "utf8")) as {
        output: {
          contracts?: Record<string, Record<string, CompilerContract>>;
          sources?: Parameters<typeof erc7201Namespaces>[0];
        };
      };
      const namespaces = erc7201Namespaces(output.sources ?? {});
      for (const [source, byName] of Object.entries(output.contracts ?? {})) {
        for (const [name, contract] of Object.entries(byName)) {
          const code = (contract.evm?.deployedBytecode?.object ?? "").toLowerCase();
          const key = `${name}:${code}`;
          if (seen.has(key)) continue;
          seen.add(key);
          contracts.push({
            name,
            code,
            functions: functionsOf(contract.abi ?? []),
            storageLayout: contract.storageLayout,
            namespaces: namespaces.get(`${source}:${name}`) ?? [],
          });
        }
      }
    }
    return new ContractCatalog(contracts);
  }

  /**
   * The contract whose runtime code is `code` (0x hex). Immutables make deployed code differ from
   * the compiler's: then a contract of the same code length that has the selector.
   */
  contractOf(code: string, selector: string | undefined): CatalogContract | undefined {
    const hex = code.toLowerCase().replace(/^0x/, "");
    if (hex === "") return undefined;
    const exact = this.contracts.find((c) => c.code === hex);
    if (exact !== undefined) return exact;
    const sameLength = this.contracts.filter((c) => c.code.length === hex.length);
    if (selector === undefined) return sameLength.length === 1 ? sameLength[0] : undefined;
    return sameLength.find((c) => c.functions.has(selector));
  }
}

interface CompilerContract {
  abi?: AbiItem[];
  evm?: { deployedBytecode?: { object?: string } };
  storageLayout?: StorageLayout;
}

function functionsOf(abi: readonly AbiItem[]): Map<string, string> {
  const functions = new Map<string, string>();
  for (const item of abi) {
    if (item.type !== "function" || item.name === undefined) continue;
    const signature = `${item.name}(${(item.inputs ?? []).map(canonicalType).join(",")})`;
    functions.set(`0x${toHex(keccak_256(new TextEncoder().encode(signature))).slice(0, 8)}`, item.name);
  }
  return functions;
}

function canonicalType(parameter: AbiParameter): string {
  if (!parameter.type.startsWith("tuple")) return parameter.type;
  const inner = (parameter.components ?? []).map(canonicalType).join(",");
  return `(${inner})${parameter.type.slice("tuple".length)}`;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/**
 * Hashes of words, remembered: naming a report's locations tries every mapping key against every
 * mapping of the contract, for each transaction and again for the picture, mostly the same pairs
 * (a suite of 400 transactions: ~120 ms of the report's JS keccak before, a few ms after).
 */
const hashedWords = new Map<string, bigint>();

export function keccakWords(...words: bigint[]): bigint {
  const id = words.join(",");
  let hash = hashedWords.get(id);
  if (hash === undefined) {
    const data = Buffer.concat(words.map((w) => Buffer.from(w.toString(16).padStart(64, "0"), "hex")));
    hash = BigInt(`0x${toHex(keccak_256(data))}`);
    hashedWords.set(id, hash);
  }
  return hash;
}
