/**
 * ERC-7201 namespaced storage, found from the sources: a struct annotated
 * `@custom:storage-location erc7201:<id>` lives at
 * `keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff`, where solc's storage layout does
 * not list it (OpenZeppelin's upgradeable contracts keep all their state so). Its members' layout
 * is computed here from the AST with solc's rules (members in order, value types packed
 * right to left within a slot, anything else starting a fresh slot), as a StorageLayout rooted at
 * the namespace's slot, so that `nameStorageSlot` names it like any other.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { keccakWords, type StorageLayout, toHex } from "./ContractCatalog.js";

/** One namespace a contract's code may use. */
export interface Erc7201Namespace {
  /** The struct's name, e.g. `ERC20Storage`. */
  struct: string;
  /** The namespace id, e.g. `openzeppelin.storage.ERC20`. */
  id: string;
  /** The struct's members, their slots absolute (rooted at the namespace's slot). */
  layout: StorageLayout;
}

interface AstNode {
  nodeType: string;
  id?: number;
  name?: string;
  nodes?: AstNode[];
  members?: AstNode[];
  typeName?: AstNode;
  keyType?: AstNode;
  valueType?: AstNode;
  baseType?: AstNode;
  length?: { value?: string } | null;
  referencedDeclaration?: number;
  pathNode?: { referencedDeclaration?: number };
  typeDescriptions?: { typeIdentifier?: string; typeString?: string };
  documentation?: { text?: string } | string | null;
  linearizedBaseContracts?: number[];
  canonicalName?: string;
}

const ANNOTATION = /@custom:storage-location\s+erc7201:([^\s]+)/;

/** The slot of ERC-7201 namespace `id`. */
export function erc7201Slot(id: string): bigint {
  const inner = BigInt(`0x${toHex(keccak_256(new TextEncoder().encode(id)))}`) - 1n;
  return keccakWords(inner) & ~0xffn;
}

/**
 * The namespaces of every contract in a compiler output's ASTs, keyed `<source>:<contract>`:
 * those declared in the contract or in any contract it inherits from.
 */
export function erc7201Namespaces(
  sources: Record<string, { ast?: AstNode }>,
): Map<string, Erc7201Namespace[]> {
  const declarations = new Map<number, AstNode>();
  const contracts: { source: string; node: AstNode }[] = [];
  for (const [source, { ast }] of Object.entries(sources)) {
    if (ast === undefined) continue;
    visit(ast, (node) => {
      if (node.id !== undefined) declarations.set(node.id, node);
      if (node.nodeType === "ContractDefinition") contracts.push({ source, node });
    });
  }
  const ownNamespaces = new Map<number, Erc7201Namespace[]>();
  const namespacesOf = (contract: AstNode): Erc7201Namespace[] => {
    const id = contract.id ?? -1;
    let own = ownNamespaces.get(id);
    if (own === undefined) {
      own = [];
      for (const node of contract.nodes ?? []) {
        if (node.nodeType !== "StructDefinition") continue;
        const docs = typeof node.documentation === "string" ? node.documentation : node.documentation?.text;
        const match = ANNOTATION.exec(docs ?? "");
        if (match?.[1] === undefined) continue;
        const layout = structLayout(node, erc7201Slot(match[1]), declarations);
        if (layout !== undefined) own.push({ struct: node.name ?? "", id: match[1], layout });
      }
      ownNamespaces.set(id, own);
    }
    return own;
  };
  const byContract = new Map<string, Erc7201Namespace[]>();
  for (const { source, node } of contracts) {
    const bases = (node.linearizedBaseContracts ?? [node.id ?? -1]).map((id) => declarations.get(id));
    const namespaces = bases.flatMap((base) => (base === undefined ? [] : namespacesOf(base)));
    if (namespaces.length > 0) byContract.set(`${source}:${node.name}`, namespaces);
  }
  return byContract;
}

function visit(node: AstNode, visitor: (node: AstNode) => void): void {
  visitor(node);
  for (const child of node.nodes ?? []) visit(child, visitor);
}

type Types = NonNullable<StorageLayout["types"]>;

/** A type's id in `types` and its size in storage. */
interface Placed {
  id: string;
  /** Bytes; a value type below 32 packs with its neighbours. */
  bytes: number;
  packs: boolean;
}

/** The struct's members as a storage layout rooted at `root`; undefined for a type it cannot size. */
function structLayout(
  struct: AstNode,
  root: bigint,
  declarations: ReadonlyMap<number, AstNode>,
): StorageLayout | undefined {
  const types: Types = {};
  const storage: StorageLayout["storage"] = [];
  let slot = 0n;
  let offset = 0;
  for (const member of struct.members ?? []) {
    const placed =
      member.typeName === undefined ? undefined : placeType(member.typeName, types, declarations, 0);
    if (placed === undefined) break; // The members after one it cannot size would be misplaced.
    if (placed.packs && offset + placed.bytes <= 32) {
      // Fits beside the members before it.
    } else if (offset > 0) {
      slot++;
      offset = 0;
    }
    storage.push({ label: member.name ?? "", slot: (root + slot).toString(), offset, type: placed.id });
    if (placed.packs) offset += placed.bytes;
    else slot += BigInt(Math.ceil(placed.bytes / 32));
  }
  return storage.length === 0 ? undefined : { storage, types };
}

function placeType(
  node: AstNode,
  types: Types,
  declarations: ReadonlyMap<number, AstNode>,
  depth: number,
): Placed | undefined {
  if (depth > 8) return undefined;
  switch (node.nodeType) {
    case "ElementaryTypeName": {
      const name = (node.name ?? "").replace(/ payable$/, "");
      if (name === "string" || name === "bytes") {
        types[`t_${name}`] = { encoding: "bytes", label: name, numberOfBytes: "32" };
        return { id: `t_${name}`, bytes: 32, packs: false };
      }
      const bytes = valueTypeBytes(name);
      if (bytes === undefined) return undefined;
      types[`t_${name}`] = { encoding: "inplace", label: name, numberOfBytes: String(bytes) };
      return { id: `t_${name}`, bytes, packs: bytes < 32 };
    }
    case "Mapping": {
      const key = node.keyType && placeType(node.keyType, types, declarations, depth + 1);
      const value = node.valueType && placeType(node.valueType, types, declarations, depth + 1);
      if (key === undefined || value === undefined) return undefined;
      const id = `t_mapping(${key.id},${value.id})`;
      types[id] = { encoding: "mapping", label: id, numberOfBytes: "32", key: key.id, value: value.id };
      return { id, bytes: 32, packs: false };
    }
    case "ArrayTypeName": {
      const base = node.baseType && placeType(node.baseType, types, declarations, depth + 1);
      if (base === undefined) return undefined;
      const length = node.length?.value;
      if (length === undefined) {
        const id = `t_array(${base.id})dyn`;
        types[id] = { encoding: "dynamic_array", label: id, numberOfBytes: "32", base: base.id };
        return { id, bytes: 32, packs: false };
      }
      const perSlot = base.packs ? Math.floor(32 / base.bytes) : 0;
      const slots =
        perSlot > 0 ? Math.ceil(Number(length) / perSlot) : Number(length) * Math.ceil(base.bytes / 32);
      const id = `t_array(${base.id})${length}`;
      types[id] = { encoding: "inplace", label: id, numberOfBytes: String(slots * 32), base: base.id };
      return { id, bytes: slots * 32, packs: false };
    }
    case "UserDefinedTypeName": {
      const declaration = declarations.get(
        node.referencedDeclaration ?? node.pathNode?.referencedDeclaration ?? -1,
      );
      switch (declaration?.nodeType) {
        case "ContractDefinition":
          return placeType({ nodeType: "ElementaryTypeName", name: "address" }, types, declarations, depth);
        case "EnumDefinition": {
          const id = `t_enum(${declaration.name})`;
          types[id] = { encoding: "inplace", label: id, numberOfBytes: "1" };
          return { id, bytes: 1, packs: true };
        }
        case "UserDefinedValueTypeDefinition":
          return declaration.typeName === undefined
            ? undefined
            : placeType(declaration.typeName, types, declarations, depth + 1);
        case "StructDefinition": {
          const inner = structLayout(declaration, 0n, declarations);
          if (inner === undefined) return undefined;
          Object.assign(types, inner.types);
          const last = inner.storage.at(-1);
          const lastType = last === undefined ? undefined : inner.types?.[last.type];
          const lastSlots =
            lastType === undefined ? 1n : BigInt(Math.max(1, Math.ceil(Number(lastType.numberOfBytes) / 32)));
          const slots = last === undefined ? 1n : BigInt(last.slot) + lastSlots;
          const id = `t_struct(${declaration.name})`;
          types[id] = { encoding: "inplace", label: id, numberOfBytes: String(slots * 32n) };
          return { id, bytes: Number(slots) * 32, packs: false };
        }
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

/** Bytes of an elementary value type: address 20, bool 1, uintN/intN N/8, bytesN N. */
function valueTypeBytes(name: string): number | undefined {
  if (name === "address") return 20;
  if (name === "bool") return 1;
  const int = /^u?int(\d*)$/.exec(name);
  if (int !== null) return int[1] === "" ? 32 : Number(int[1]) / 8;
  const fixed = /^bytes(\d+)$/.exec(name);
  if (fixed !== null) return Number(fixed[1]);
  return undefined;
}
