import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { network } from "hardhat";
import { type Abi, encodeAbiParameters, encodeFunctionData, keccak256, maxUint256 } from "viem";

import { deploy, type Provider, sendFrom } from "../helpers/deploy.js";

/** Token's `balanceOf` mapping sits in slot 3 (after name, symbol, totalSupply), `allowance` in 4. */
const BALANCE_OF_SLOT = 3n;
const ALLOWANCE_SLOT = 4n;

/** The slot of `mapping[key]` for a mapping at `slot`. */
function mappingSlot(key: string, slot: bigint): `0x${string}` {
  return keccak256(
    encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [key as `0x${string}`, slot]),
  );
}

// An AMM pair over two tokens: every swap reads and writes the pair's reserves (`Pair.reserve0`,
// `Pair.reserve1`) and the pair's balances, so swaps from distinct traders still serialise.
describe("Pair (AMM swaps on shared reserves)", () => {
  let provider: Provider;
  let accounts: string[];
  let tokenAbi: Abi;
  let pairAbi: Abi;
  let token0: string;
  let token1: string;
  let pair: string;

  const call = async (to: string, abi: Abi, functionName: string, args: unknown[] = []) =>
    BigInt(
      (await provider.request({
        method: "eth_call",
        params: [{ to, data: encodeFunctionData({ abi, functionName, args }) }, "latest"],
      })) as string,
    );

  before(async () => {
    ({ provider } = await network.create());
    accounts = (await provider.request({ method: "eth_accounts" })) as string[];
    // Three deployers, so that no deployment waits on another's nonce.
    ({ address: token0, abi: tokenAbi } = await deploy(provider, accounts[17] as string, "Token", [
      "A",
      "A",
      0n,
    ]));
    ({ address: token1 } = await deploy(provider, accounts[18] as string, "Token", ["B", "B", 0n]));
    ({ address: pair, abi: pairAbi } = await deploy(provider, accounts[19] as string, "Pair", [
      token0,
      token1,
    ]));
    // The liquidity provider (1) and the traders (2..7) get balances of both tokens and an
    // unlimited allowance for the pair without a transaction (as `setStorageAt` helpers do).
    const word = (value: bigint) => `0x${value.toString(16).padStart(64, "0")}`;
    for (const holder of accounts.slice(1, 8)) {
      const balanceSlot = mappingSlot(holder, BALANCE_OF_SLOT);
      const allowanceSlot = mappingSlot(pair, BigInt(mappingSlot(holder, ALLOWANCE_SLOT)));
      for (const token of [token0, token1]) {
        await provider.request({
          method: "hardhat_setStorageAt",
          params: [token, balanceSlot, word(1_000_000n * 10n ** 18n)],
        });
        await provider.request({
          method: "hardhat_setStorageAt",
          params: [token, allowanceSlot, word(maxUint256)],
        });
      }
    }
  });

  it("adds liquidity", async () => {
    const amount = 100_000n * 10n ** 18n;
    const data = encodeFunctionData({ abi: pairAbi, functionName: "addLiquidity", args: [amount, amount] });
    await sendFrom(provider, accounts[1] as string, pair, data);
    assert.equal(await call(pair, pairAbi, "reserve0"), amount);
    assert.equal(await call(pair, pairAbi, "reserve1"), amount);
  });

  it("swaps in both directions from several traders", async () => {
    const amountIn = 1_000n * 10n ** 18n;
    for (let i = 0; i < 6; i++) {
      const trader = accounts[2 + i] as string;
      const zeroForOne = i % 2 === 0;
      const data = encodeFunctionData({ abi: pairAbi, functionName: "swap", args: [amountIn, zeroForOne] });
      await sendFrom(provider, trader, pair, data);
    }
    // The pair holds exactly its reserves of each token.
    assert.equal(await call(token0, tokenAbi, "balanceOf", [pair]), await call(pair, pairAbi, "reserve0"));
    assert.equal(await call(token1, tokenAbi, "balanceOf", [pair]), await call(pair, pairAbi, "reserve1"));
  });
});
