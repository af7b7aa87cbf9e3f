import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { LogMatcher } from "../../filters/LogMatcher.js";
import { liveLogFilter, liveRangeOf } from "../../filters/liveLogFilter.js";
import { optional } from "../../params/combinators.js";
import { defineParser, invalidValue, within } from "../../params/parser.js";
import { boolean, string } from "../../params/scalar.js";
import { NotificationsUnsupportedError } from "../../subscriptions/NotificationsUnsupportedError.js";
import { type SubscriptionTopic, subscriptionRegistryOf } from "../../subscriptions/SubscriptionRegistry.js";
import { define } from "../define.js";

const KINDS = ["newHeads", "logs", "newPendingTransactions"] as const;

/** The second argument, read once the kind is known. */
const subscriptionOptions = optional(defineParser("subscription options", (value): unknown => value));

/**
 * Subscribes the connection (WebSocket, in-process provider) to `newHeads` (block headers, as
 * geth sends them), `logs` (with an optional `{ address, topics }` filter; numeric `fromBlock` /
 * `toBlock` bound it) or `newPendingTransactions` (hashes, or whole transactions when the second
 * argument is true); returns the subscription id.
 * Notifications arrive as `eth_subscription` messages. Over HTTP: -32601 "notifications not supported".
 */
export const eth_subscribe = define({
  name: "eth_subscribe",
  params: [string, subscriptionOptions],
  handler: ({ devnet, connection }, [kind, options]) => {
    if (connection.push === undefined) throw new NotificationsUnsupportedError();
    return subscriptionRegistryOf(devnet).subscribe(connection, topicOf(kind, options));
  },
});

function topicOf(kind: string, options: unknown): SubscriptionTopic {
  switch (kind) {
    case "newHeads":
      if (options !== undefined) throw new InvalidParamsError("too many arguments, want at most 1");
      return { kind };
    case "logs": {
      const filter =
        options === undefined ? {} : within("invalid argument 1", () => liveLogFilter.parse(options));
      return { kind, matcher: new LogMatcher(filter), range: liveRangeOf(filter) };
    }
    case "newPendingTransactions": {
      const fullTransactions =
        options === undefined ? false : within("invalid argument 1", () => boolean.parse(options));
      return { kind, fullTransactions };
    }
    default:
      return within("invalid argument 0", () =>
        invalidValue("subscription kind", kind, `expected one of ${KINDS.join(", ")}`),
      );
  }
}
