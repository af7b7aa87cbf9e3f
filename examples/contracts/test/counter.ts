import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { network } from "hardhat";
import { type Abi, encodeFunctionData } from "viem";

import { deploy, type Provider, sendFrom } from "../helpers/deploy.js";

// One hot slot: every increment reads and writes Counter.count.
describe("Counter (hot)", () => {
  let provider: Provider;
  let accounts: string[];
  let counter: string;
  let abi: Abi;

  before(async () => {
    ({ provider } = await network.create());
    accounts = (await provider.request({ method: "eth_accounts" })) as string[];
    ({ address: counter, abi } = await deploy(provider, accounts[0] as string, "Counter", []));
  });

  it("counts increments from many senders", async () => {
    const data = encodeFunctionData({ abi, functionName: "increment" });
    for (let i = 0; i < 16; i++) await sendFrom(provider, accounts[1 + (i % 8)] as string, counter, data);
    const count = await provider.request({
      method: "eth_call",
      params: [{ to: counter, data: encodeFunctionData({ abi, functionName: "count" }) }, "latest"],
    });
    assert.equal(BigInt(count as string), 16n);
  });
});
