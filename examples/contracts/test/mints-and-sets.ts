import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { network } from "hardhat";
import type { Abi } from "viem";
import { encodeFunctionData } from "viem";

import { deploy, type Provider, sendFrom } from "../helpers/deploy.js";

// Nft.mint serialises on its `nextId` counter; Independent.set writes only the caller's slot.
describe("Nft mints and Independent sets", () => {
  let provider: Provider;
  let accounts: string[];

  before(async () => {
    ({ provider } = await network.create());
    accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  });

  it("mints NFTs from several senders", async () => {
    const { address, abi } = await deploy(provider, accounts[0] as string, "Nft", []);
    const data = encodeFunctionData({ abi: abi as Abi, functionName: "mint" });
    for (let i = 1; i <= 6; i++) await sendFrom(provider, accounts[i] as string, address, data);
  });

  it("sets per-caller values without conflicts", async () => {
    const { address, abi } = await deploy(provider, accounts[0] as string, "Independent", []);
    for (let i = 1; i <= 6; i++) {
      const data = encodeFunctionData({ abi: abi as Abi, functionName: "set", args: [BigInt(i)] });
      await sendFrom(provider, accounts[10 + i] as string, address, data);
    }
    assert.ok(true);
  });
});
