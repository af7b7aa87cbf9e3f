import { describe, it } from "node:test";
import { connect } from "../helpers/suite.js";

describe("token: mints, then transfers between distinct pairs", () => {
  it("runs 120 transactions", async () => {
    const { accounts, deploy, send } = await connect();
    const token = await deploy(accounts[0] as string, "Token", ["Token", "TKN", 0n]);
    for (let i = 1; i <= 10; i++)
      await send(accounts[0] as string, token.address, token.abi, "mint", [accounts[i], 10_000n]);
    for (let round = 0; round < 11; round++) {
      for (let i = 1; i <= 10; i++) {
        await send(accounts[i] as string, token.address, token.abi, "transfer", [accounts[9 + i], 7n]);
      }
    }
  });
});
