import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { define } from "../define.js";
import { wallClock } from "../evm/blockTime.js";
import { uint256 } from "../evm/devParams.js";

/** Above this, anvil reads the timestamp as milliseconds (ganache compatibility). */
const MILLISECONDS_FROM = 1_000_000_000_000n;

/**
 * Sets the clock to `timestamp` (seconds, or milliseconds above 1e12) and forgets a pinned next
 * timestamp. Answers the seconds from the devnet's current time to `timestamp`, 0 when it is
 * not ahead (anvil). anvil may then mine a block earlier than its parent; the devnet mines it at
 * its parent's timestamp + 1.
 */
export const anvil_setTime = define({
  name: "anvil_setTime",
  params: [uint256],
  handler: ({ devnet }, [value]) => {
    if (value >= 2n ** 64n - 1n) throw new InvalidParamsError("The timestamp is too big");
    const timestamp = value > MILLISECONDS_FROM ? value / 1000n : value;
    const now = devnet.clock();
    devnet.updateNextBlock({ timeOffset: timestamp - wallClock(), timestamp: undefined });
    return Number(timestamp > now ? timestamp - now : 0n);
  },
});
