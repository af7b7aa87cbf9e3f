import { describe, it } from "node:test";
import { connect } from "../helpers/suite.js";

describe("nft: mints over a hot counter", () => {
  it("runs 80 transactions", async () => {
    const { accounts, deploy, send } = await connect();
    const nft = await deploy(accounts[0] as string, "Nft");
    for (let i = 0; i < 79; i++) await send(accounts[i % 12] as string, nft.address, nft.abi, "mint");
  });
});
