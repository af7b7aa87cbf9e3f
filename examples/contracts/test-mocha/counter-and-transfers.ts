import assert from "node:assert/strict";
import { network } from "hardhat";
import { before, describe, it } from "mocha";
import { type Abi, encodeAbiParameters, encodeFunctionData, keccak256 } from "viem";

import { deploy, type Provider, sendFrom } from "../helpers/deploy.js";

/** Token's `balanceOf` mapping sits in slot 3 (after name, symbol, totalSupply). */
const BALANCE_OF_SLOT = 3n;

async function read(provider: Provider, to: string, abi: Abi, functionName: string, args: unknown[] = []) {
  const result = await provider.request({
    method: "eth_call",
    params: [{ to, data: encodeFunctionData({ abi, functionName, args }) }, "latest"],
  });
  return BigInt(result as string);
}

// The mocha runner: one hot counter, then transfers between distinct accounts.
describe("mocha: hot counter and independent transfers", () => {
  let provider: Provider;
  let accounts: string[];

  before(async () => {
    ({ provider } = await network.create());
    accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  });

  it("counts increments from many senders", async () => {
    const { address, abi } = await deploy(provider, accounts[0] as string, "Counter", []);
    const data = encodeFunctionData({ abi, functionName: "increment" });
    for (let i = 0; i < 8; i++) await sendFrom(provider, accounts[1 + i] as string, address, data);
    assert.equal(await read(provider, address, abi, "count"), 8n);
  });

  it("moves tokens between distinct accounts", async () => {
    const { address, abi } = await deploy(provider, accounts[9] as string, "Token", ["Token", "TKN", 0n]);
    for (const holder of accounts.slice(10, 15)) {
      const slot = keccak256(
        encodeAbiParameters(
          [{ type: "address" }, { type: "uint256" }],
          [holder as `0x${string}`, BALANCE_OF_SLOT],
        ),
      );
      await provider.request({
        method: "hardhat_setStorageAt",
        params: [address, slot, `0x${1000n.toString(16).padStart(64, "0")}`],
      });
    }
    for (let i = 0; i < 5; i++) {
      const to = accounts[15 + i] as string;
      const data = encodeFunctionData({ abi, functionName: "transfer", args: [to, 100n] });
      await sendFrom(provider, accounts[10 + i] as string, address, data);
    }
    assert.equal(await read(provider, address, abi, "balanceOf", [accounts[15]]), 100n);
  });
});
