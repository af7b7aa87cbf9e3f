/**
 * ERC-7201 namespaces from a compiler's AST: the namespace's slot, and its struct's members laid
 * out by solc's rules (value types packed, mappings and strings on slots of their own), so that
 * nameStorageSlot names a slot by struct member. The AST is the shape solc writes.
 */
import { describe, expect, it } from "vitest";
import { keccakWords } from "../../plugins/hardhat-plugin/internal/ContractCatalog.js";
import { erc7201Namespaces, erc7201Slot } from "../../plugins/hardhat-plugin/internal/erc7201Namespaces.js";
import { nameStorageSlot } from "../../plugins/hardhat-plugin/internal/nameStorageSlot.js";

interface TypeName {
  nodeType: string;
}
const elementary = (name: string) => ({ nodeType: "ElementaryTypeName", name });
const member = (name: string, typeName: TypeName) => ({ nodeType: "VariableDeclaration", name, typeName });
const mapping = (keyType: TypeName, valueType: TypeName) => ({ nodeType: "Mapping", keyType, valueType });

/** A base contract declaring a namespace, and a contract inheriting from it. */
const sources = {
  "project/contracts/Base.sol": {
    ast: {
      nodeType: "SourceUnit",
      nodes: [
        {
          nodeType: "ContractDefinition",
          id: 1,
          name: "Base",
          linearizedBaseContracts: [1],
          nodes: [
            {
              nodeType: "StructDefinition",
              id: 2,
              name: "BaseStorage",
              documentation: {
                nodeType: "StructuredDocumentation",
                text: "@custom:storage-location erc7201:example.base",
              },
              members: [
                member("balances", mapping(elementary("address"), elementary("uint256"))),
                member("count", elementary("uint64")),
                member("owner", elementary("address")),
                member("paused", elementary("bool")),
                member("name", elementary("string")),
                member("total", elementary("uint256")),
              ],
            },
          ],
        },
        { nodeType: "ContractDefinition", id: 3, name: "Child", linearizedBaseContracts: [3, 1], nodes: [] },
      ],
    },
  },
};

describe("erc7201Namespaces", () => {
  it("computes OpenZeppelin's namespace slots", () => {
    expect(erc7201Slot("openzeppelin.storage.ERC20")).toBe(
      0x52c63247e1f47db19d5ce0460030c497f067ca4cebf71ba98eeadabe20bace00n,
    );
    expect(erc7201Slot("openzeppelin.storage.Ownable")).toBe(
      0x9016d09d72d40fdae2fd8ceac6b6234c7706214fd39c1cd1e609a0528c199300n,
    );
  });

  it("names a namespace's members, packed ones together, in the contract and those inheriting it", () => {
    const namespaces = erc7201Namespaces(sources);
    const child = namespaces.get("project/contracts/Base.sol:Child");
    expect(child?.map((n) => `${n.struct} ${n.id}`)).toEqual(["BaseStorage example.base"]);
    const layout = child?.[0]?.layout;
    if (layout === undefined) throw new Error("no layout");
    const root = erc7201Slot("example.base");
    const holder = 0x70997970c51812dc3a010c7d01b50e0d17dc79c8n;
    expect(nameStorageSlot(layout, keccakWords(holder, root), [holder])).toBe("balances[0x7099…79c8]");
    // uint64 + address + bool fit one slot (29 bytes); the string and the uint256 take their own.
    expect(nameStorageSlot(layout, root + 1n, [])).toBe("count/owner/paused");
    expect(nameStorageSlot(layout, root + 2n, [])).toBe("name");
    expect(nameStorageSlot(layout, root + 3n, [])).toBe("total");
    expect(nameStorageSlot(layout, root + 4n, [])).toBeUndefined();
  });
});
