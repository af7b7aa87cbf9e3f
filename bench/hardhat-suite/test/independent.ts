import { describe, it } from "node:test";
import { connect } from "../helpers/suite.js";

describe("independent: per-sender state", () => {
  it("runs 100 transactions", async () => {
    const { accounts, deploy, send } = await connect();
    const independent = await deploy(accounts[0] as string, "Independent");
    for (let i = 0; i < 99; i++) {
      await send(accounts[i % 15] as string, independent.address, independent.abi, "set", [BigInt(i + 1)]);
    }
  });
});
