import { define } from "../define.js";

/** The Otterscan API level served: 8, what Otterscan 2 asks for (as anvil). */
export const ots_getApiLevel = define({
  name: "ots_getApiLevel",
  params: [],
  handler: () => 8,
});
