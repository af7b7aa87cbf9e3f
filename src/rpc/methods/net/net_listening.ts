import { define } from "../define.js";

export const net_listening = define({
  name: "net_listening",
  params: [],
  handler: () => true,
});
