import { toQuantity } from "../../format/quantity.js";
import { define } from "../define.js";
import { splitPool } from "./poolBySender.js";

/** How many pool transactions can run now (pending) and how many wait behind a nonce gap (queued). */
export const txpool_status = define({
  name: "txpool_status",
  params: [],
  handler: ({ devnet }) => {
    const { pending, queued } = splitPool(devnet);
    return { pending: toQuantity(pending.length), queued: toQuantity(queued.length) };
  },
});
