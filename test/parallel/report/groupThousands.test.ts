import { describe, expect, it } from "vitest";
import { groupThousands } from "../../../src/parallel/report/groupThousands.js";

describe("groupThousands", () => {
  it("writes what toLocaleString('en-US') writes for whole numbers", () => {
    for (const value of [0, 7, 999, 1_000, 21_000, 123_456, 1_234_567, 30_000_000, -45_678, 2 ** 53 - 1]) {
      expect(groupThousands(value)).toBe(value.toLocaleString("en-US"));
    }
    expect(groupThousands(12_345_678_901_234_567_890n)).toBe(
      12_345_678_901_234_567_890n.toLocaleString("en-US"),
    );
  });
});
