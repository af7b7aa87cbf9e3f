import assert from "node:assert/strict";
import { network } from "hardhat";
import { describe, it } from "mocha";
import { encodeFunctionData } from "viem";

import { deploy, sendFrom } from "../helpers/deploy.js";

// A second file, so that mocha's parallel mode runs the files in two worker processes.
describe("mocha: mints over a hot counter", () => {
  it("mints one token per sender", async () => {
    const { provider } = await network.create();
    const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
    const { address, abi } = await deploy(provider, accounts[0] as string, "Nft", []);
    const data = encodeFunctionData({ abi, functionName: "mint" });
    for (let i = 0; i < 6; i++) await sendFrom(provider, accounts[1 + i] as string, address, data);
    const next = await provider.request({
      method: "eth_call",
      params: [{ to: address, data: encodeFunctionData({ abi, functionName: "nextId" }) }, "latest"],
    });
    assert.equal(BigInt(next as string), 6n);
  });
});
