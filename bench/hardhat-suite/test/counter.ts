import { describe, it } from "node:test";
import { connect } from "../helpers/suite.js";

describe("counter: one hot slot", () => {
  it("runs 100 transactions", async () => {
    const { accounts, deploy, send } = await connect();
    const counter = await deploy(accounts[0] as string, "Counter");
    for (let i = 0; i < 99; i++)
      await send(accounts[1 + (i % 10)] as string, counter.address, counter.abi, "increment");
  });
});
