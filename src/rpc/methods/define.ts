import type { Devnet } from "../../devnet/Devnet.js";
import { defineMethod } from "../defineMethod.js";

/** Defines a JSON-RPC method served by a Devnet; parameter types follow from the parsers. */
export const define = defineMethod<Devnet>();
