import { DevnetError } from "../../errors/DevnetError.js";

/**
 * -32601 "notifications not supported": eth_subscribe and eth_unsubscribe on a connection that
 * cannot push (plain HTTP). geth's code and message; anvil answers the same code.
 */
export class NotificationsUnsupportedError extends DevnetError {
  constructor() {
    super(-32601, "notifications not supported");
  }
}
