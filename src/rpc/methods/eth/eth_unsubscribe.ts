import { filterIdParam } from "../../filters/filterId.js";
import { subscriptionRegistryOf } from "../../subscriptions/SubscriptionRegistry.js";
import { define } from "../define.js";

/**
 * Ends one of the connection's subscriptions: true, or false when it has none with this id.
 * Over HTTP: -32601 "notifications not supported".
 */
export const eth_unsubscribe = define({
  name: "eth_unsubscribe",
  params: [filterIdParam],
  handler: ({ devnet, connection }, [id]) => subscriptionRegistryOf(devnet).unsubscribe(connection, id),
});
