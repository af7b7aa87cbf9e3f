import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The contracts compiled by `examples/contracts/compile.mjs`. */
export type ArtifactName = "Child" | "Counter" | "Independent" | "Nft" | "Pair" | "Reverter" | "Token";

export type Hex = `0x${string}`;

/** One parameter of an ABI entry, as solc writes it. */
export interface AbiParameter {
  readonly name: string;
  readonly type: string;
  readonly internalType?: string;
  readonly indexed?: boolean;
  readonly components?: readonly AbiParameter[];
}

/** One ABI entry (function, event, error, constructor, receive, fallback), as solc writes it. */
export interface AbiItem {
  readonly type: "function" | "event" | "error" | "constructor" | "receive" | "fallback";
  readonly name?: string;
  readonly inputs?: readonly AbiParameter[];
  readonly outputs?: readonly AbiParameter[];
  readonly stateMutability?: "pure" | "view" | "nonpayable" | "payable";
  readonly anonymous?: boolean;
}

export interface StorageSlot {
  readonly astId: number;
  readonly contract: string;
  readonly label: string;
  readonly offset: number;
  /** Decimal string, as solc writes it. */
  readonly slot: string;
  readonly type: string;
}

export interface StorageType {
  readonly encoding: "inplace" | "mapping" | "dynamic_array" | "bytes";
  readonly label: string;
  readonly numberOfBytes: string;
  readonly key?: string;
  readonly value?: string;
  readonly base?: string;
  readonly members?: readonly StorageSlot[];
}

export interface StorageLayout {
  readonly storage: readonly StorageSlot[];
  readonly types: Readonly<Record<string, StorageType>> | null;
}

export interface Artifact {
  readonly contractName: string;
  readonly sourceName: string;
  readonly compiler: {
    readonly version: string;
    readonly evmVersion: string;
    readonly optimizerRuns: number;
  };
  readonly abi: readonly AbiItem[];
  /** Creation bytecode, 0x-prefixed. */
  readonly bytecode: Hex;
  /** Runtime bytecode, 0x-prefixed. */
  readonly deployedBytecode: Hex;
  readonly storageLayout: StorageLayout;
}

const cache = new Map<string, Artifact>();

/** Reads `examples/contracts/artifacts/<name>.json` (cached; the returned object is frozen). */
export function loadArtifact(name: ArtifactName): Artifact {
  const cached = cache.get(name);
  if (cached) return cached;
  const url = new URL(`../../examples/contracts/artifacts/${name}.json`, import.meta.url);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(url, "utf8"));
  } catch (err) {
    throw new Error(
      `cannot load artifact ${name} from ${fileURLToPath(url)} (run: node examples/contracts/compile.mjs)`,
      { cause: err },
    );
  }
  const artifact = validate(name, parsed);
  cache.set(name, artifact);
  return artifact;
}

/** The storage slot (as a bigint) of the top-level state variable `label` of an artifact. */
export function storageSlot(artifact: Artifact, label: string): bigint {
  const entry = artifact.storageLayout.storage.find((s) => s.label === label);
  if (!entry) throw new Error(`${artifact.contractName} has no storage variable ${label}`);
  return BigInt(entry.slot);
}

function validate(name: string, value: unknown): Artifact {
  if (typeof value !== "object" || value === null) throw new Error(`artifact ${name} is not an object`);
  const a = value as Record<string, unknown>;
  if (a.contractName !== name) throw new Error(`artifact ${name} has contractName ${String(a.contractName)}`);
  if (!Array.isArray(a.abi)) throw new Error(`artifact ${name} has no abi`);
  for (const key of ["bytecode", "deployedBytecode"] as const) {
    const code = a[key];
    if (typeof code !== "string" || !/^0x([0-9a-f]{2})+$/i.test(code)) {
      throw new Error(`artifact ${name} has an invalid ${key}`);
    }
  }
  if (typeof a.storageLayout !== "object" || a.storageLayout === null) {
    throw new Error(`artifact ${name} has no storageLayout`);
  }
  return deepFreeze(value) as Artifact;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
