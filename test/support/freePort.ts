import { createServer } from "node:net";

/**
 * Asks the OS for a free TCP port on `host` by listening on port 0 and closing again. The port is
 * free at the moment of the call; a racing process may still grab it before the caller binds it.
 */
export function getFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error(`unexpected server address ${String(address)}`));
        return;
      }
      const { port } = address;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
