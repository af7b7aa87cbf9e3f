/**
 * The example contracts the benchmark deploys (examples/contracts/artifacts) and the calldata of
 * the calls it makes on them. Signatures follow examples/contracts/src/*.sol.
 */
import { readFileSync } from "node:fs";
import { hexToBytes } from "@ethereumjs/util";
import { concat, encodeArgs, encodeCall } from "./abi.ts";

export type ContractName = "Token" | "Counter" | "Pair" | "Nft" | "Independent";

const MAX_UINT256 = (1n << 256n) - 1n;
const bytecodes = new Map<ContractName, Uint8Array>();

/** The creation bytecode of an example contract. */
export function creationCode(name: ContractName): Uint8Array {
  let code = bytecodes.get(name);
  if (code === undefined) {
    const url = new URL(`../examples/contracts/artifacts/${name}.json`, import.meta.url);
    const artifact = JSON.parse(readFileSync(url, "utf8")) as { bytecode: `0x${string}` };
    code = hexToBytes(artifact.bytecode);
    bytecodes.set(name, code);
  }
  return code;
}

/** Creation data of `Token(name, symbol, initialSupply)`. */
export function tokenCreation(name: string, symbol: string, initialSupply: bigint): Uint8Array {
  return concat([
    creationCode("Token"),
    encodeArgs(["string", "string", "uint256"], [name, symbol, initialSupply]),
  ]);
}

/** Creation data of `Pair(token0, token1)`. */
export function pairCreation(token0: string, token1: string): Uint8Array {
  return concat([creationCode("Pair"), encodeArgs(["address", "address"], [token0, token1])]);
}

export const tokenCalls = {
  transfer: (to: string, amount: bigint) => encodeCall("transfer(address,uint256)", [to, amount]),
  mint: (to: string, amount: bigint) => encodeCall("mint(address,uint256)", [to, amount]),
  /** An unlimited approval: the token then never writes the allowance on transferFrom. */
  approveAll: (spender: string) => encodeCall("approve(address,uint256)", [spender, MAX_UINT256]),
};

export const pairCalls = {
  addLiquidity: (amount0: bigint, amount1: bigint) =>
    encodeCall("addLiquidity(uint256,uint256)", [amount0, amount1]),
  swap: (amountIn: bigint, zeroForOne: boolean) => encodeCall("swap(uint256,bool)", [amountIn, zeroForOne]),
};

export const counterCalls = { increment: () => encodeCall("increment()", []) };

export const nftCalls = { mint: () => encodeCall("mint()", []) };
