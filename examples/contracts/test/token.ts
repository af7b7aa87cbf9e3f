import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { network } from "hardhat";
import { type Abi, encodeAbiParameters, encodeFunctionData, keccak256 } from "viem";

import { deploy, type Provider, sendFrom } from "../helpers/deploy.js";

/** Token's `balanceOf` mapping sits in slot 3 (after name, symbol, totalSupply). */
const BALANCE_OF_SLOT = 3n;

// Transfers between distinct accounts: no two touch the same balance.
describe("Token (independent transfers)", () => {
  let provider: Provider;
  let accounts: string[];
  let token: string;
  let abi: Abi;

  before(async () => {
    ({ provider } = await network.getOrCreate());
    accounts = (await provider.request({ method: "eth_accounts" })) as string[];
    ({ address: token, abi } = await deploy(provider, accounts[0] as string, "Token", ["Token", "TKN", 0n]));
    // Give each sender a balance without a transaction (as `setStorageAt` helpers do), so the
    // transfers below depend on nothing the suite executed before them.
    for (const holder of accounts.slice(1, 9)) {
      const slot = keccak256(
        encodeAbiParameters(
          [{ type: "address" }, { type: "uint256" }],
          [holder as `0x${string}`, BALANCE_OF_SLOT],
        ),
      );
      await provider.request({
        method: "hardhat_setStorageAt",
        params: [token, slot, `0x${1000n.toString(16).padStart(64, "0")}`],
      });
    }
  });

  it("moves tokens between distinct accounts", async () => {
    for (let i = 1; i <= 8; i++) {
      const to = accounts[10 + i] as `0x${string}`;
      const data = encodeFunctionData({
        abi,
        functionName: "transfer",
        args: [to, 100n],
      });
      await sendFrom(provider, accounts[i] as string, token, data);
    }
    const balance = await provider.request({
      method: "eth_call",
      params: [
        {
          to: token,
          data: encodeFunctionData({
            abi,
            functionName: "balanceOf",
            args: [accounts[11]],
          }),
        },
        "latest",
      ],
    });
    assert.equal(BigInt(balance as string), 100n);
  });
});
