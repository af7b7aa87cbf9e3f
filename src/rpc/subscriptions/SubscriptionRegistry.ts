/**
 * SubscriptionRegistry: the eth_subscribe subscriptions of one devnet, each owned by the
 * connection (WebSocket, in-process provider) that made it and pushed to through it.
 *
 * The registry listens to the devnet's "block" and "pendingTransaction" events and pushes, in
 * order: a header per block (newHeads), each matching log (logs), each transaction entering the
 * pool (newPendingTransactions). Blocks taken off the chain (anvil_rollback, anvil_reorg) send
 * their matching logs again with `removed: true`, newest first; the blocks that replace them then
 * come as new blocks (a header each, their logs). A subscription starts delivering on the next turn of the event
 * loop: by then its id has gone back to the client, which cannot route a notification whose
 * subscription it does not know yet (geth holds notifications back the same way). Notifications
 * due before that are queued, not lost.
 *
 * A connection's subscriptions die with it (`connection.onClose`).
 */
import type { MinedBlock } from "../../devnet/chain/types.js";
import type { Devnet } from "../../devnet/Devnet.js";
import { newFilterId } from "../filters/filterId.js";
import type { LogMatcher } from "../filters/LogMatcher.js";
import { inLiveRange, type LiveRange } from "../filters/liveLogFilter.js";
import { formatPendingTransaction } from "../format/formatTransaction.js";
import type { Connection, Notification } from "../types.js";
import { formatHeader, type RpcHeader } from "./formatHeader.js";
import { NotificationsUnsupportedError } from "./NotificationsUnsupportedError.js";

/** What a subscription follows, with its options. */
export type SubscriptionTopic =
  | { kind: "newHeads" }
  | { kind: "logs"; matcher: LogMatcher; range: LiveRange }
  | { kind: "newPendingTransactions"; fullTransactions: boolean };

type Subscription = {
  id: string;
  topic: SubscriptionTopic;
  push: (notification: Notification) => void;
  connectionId: number;
  /** Notifications due before the subscription went live (see the top of the file). */
  queued: unknown[] | undefined;
};

export class SubscriptionRegistry {
  /** In creation order, so notifications of one event go out in a stable order. */
  private readonly subscriptions = new Map<string, Subscription>();
  /** Connections whose close already removes their subscriptions. */
  private readonly watchedConnections = new Set<number>();
  private readonly devnet: Devnet;

  constructor(devnet: Devnet) {
    this.devnet = devnet;
    devnet.on("block", (mined) => this.guard("block", () => this.onBlock(mined)));
    devnet.on("blocksRemoved", (removed) => this.guard("rollback", () => this.onBlocksRemoved(removed)));
    devnet.on("pendingTransaction", (hash) =>
      this.guard("transaction", () => this.onPendingTransaction(hash)),
    );
  }

  /**
   * Subscribes `connection` to `topic`; returns the subscription id. Throws -32601 when the
   * connection cannot receive notifications (HTTP).
   */
  subscribe(connection: Connection, topic: SubscriptionTopic): string {
    const push = connection.push;
    if (push === undefined) throw new NotificationsUnsupportedError();
    let id = newFilterId();
    while (this.subscriptions.has(id)) id = newFilterId();
    const subscription: Subscription = { id, topic, push, connectionId: connection.id, queued: [] };
    this.subscriptions.set(id, subscription);
    if (!this.watchedConnections.has(connection.id)) {
      this.watchedConnections.add(connection.id);
      connection.onClose(() => this.dropConnection(connection.id));
    }
    setImmediate(() => this.goLive(subscription));
    return id;
  }

  /**
   * Ends a subscription of `connection`; false when it has none with this id (another
   * connection's subscription is not its to end). Throws -32601 on a connection that cannot push.
   */
  unsubscribe(connection: Connection, id: string): boolean {
    if (connection.push === undefined) throw new NotificationsUnsupportedError();
    const subscription = this.subscriptions.get(id);
    if (subscription === undefined || subscription.connectionId !== connection.id) return false;
    return this.subscriptions.delete(id);
  }

  /** Live subscriptions: all of them, or those of one connection. */
  count(connectionId?: number): number {
    if (connectionId === undefined) return this.subscriptions.size;
    let count = 0;
    for (const subscription of this.subscriptions.values()) {
      if (subscription.connectionId === connectionId) count++;
    }
    return count;
  }

  private dropConnection(connectionId: number): void {
    this.watchedConnections.delete(connectionId);
    for (const [id, subscription] of this.subscriptions) {
      if (subscription.connectionId === connectionId) this.subscriptions.delete(id);
    }
  }

  private goLive(subscription: Subscription): void {
    const queued = subscription.queued ?? [];
    subscription.queued = undefined;
    if (this.subscriptions.get(subscription.id) !== subscription) return;
    for (const result of queued) this.send(subscription, result);
  }

  private onBlock(mined: MinedBlock): void {
    let header: RpcHeader | undefined;
    for (const subscription of this.subscriptions.values()) {
      const { topic } = subscription;
      if (topic.kind === "newHeads") {
        header ??= formatHeader(mined);
        this.deliver(subscription, header);
      } else if (topic.kind === "logs" && inLiveRange(topic.range, mined.number)) {
        for (const log of topic.matcher.logsOf(mined)) this.deliver(subscription, log);
      }
    }
  }

  private onBlocksRemoved(removed: readonly MinedBlock[]): void {
    for (const subscription of this.subscriptions.values()) {
      const { topic } = subscription;
      if (topic.kind !== "logs") continue;
      const inRange = removed.filter((mined) => inLiveRange(topic.range, mined.number));
      for (const log of topic.matcher.removedLogsOf(inRange)) this.deliver(subscription, log);
    }
  }

  private onPendingTransaction(hash: string): void {
    for (const subscription of this.subscriptions.values()) {
      const { topic } = subscription;
      if (topic.kind !== "newPendingTransactions") continue;
      const entry = topic.fullTransactions ? this.devnet.pool.get(hash) : undefined;
      this.deliver(subscription, entry === undefined ? hash : formatPendingTransaction(entry));
    }
  }

  private deliver(subscription: Subscription, result: unknown): void {
    if (subscription.queued !== undefined) subscription.queued.push(result);
    else this.send(subscription, result);
  }

  private send(subscription: Subscription, result: unknown): void {
    try {
      subscription.push({
        jsonrpc: "2.0",
        method: "eth_subscription",
        params: { subscription: subscription.id, result },
      });
    } catch (error) {
      console.error(`pevm-devnet: notification to subscription ${subscription.id} failed:`, error);
    }
  }

  // The listeners run inside the miner: a failure here must not fail the block.
  private guard(event: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      console.error(`pevm-devnet: subscriptions failed on a ${event} event:`, error);
    }
  }
}

const registries = new WeakMap<Devnet, SubscriptionRegistry>();

/**
 * The subscription registry of a devnet, created on first use.
 * @example subscriptionRegistryOf(devnet).count() // 0
 */
export function subscriptionRegistryOf(devnet: Devnet): SubscriptionRegistry {
  let registry = registries.get(devnet);
  if (registry === undefined) {
    registry = new SubscriptionRegistry(devnet);
    registries.set(devnet, registry);
  }
  return registry;
}
