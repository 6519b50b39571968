import type { Server } from "node:net";
import { StartupFailure } from "./startup-failure.js";

/**
 * Starts `server` listening and resolves once it accepts connections, or rejects when it cannot:
 * without this, a port already taken is only an `error` event, and the start-up waiting for the
 * listen callback waits forever.
 *
 * The known causes (a taken port, a port that needs privileges, a host that is not this machine's)
 * reject with a one-line StartupFailure that names the setting to change.
 */
export async function listen(server: Server, port: number, host: string): Promise<void> {
  // The WebSocket server attached to an HTTP server re-emits the HTTP server's errors, and graphql-ws
  // prints them with a stack as an "internal error": a listen failure is start-up's to report, so the
  // other listeners are set aside until the port is open (or known not to be).
  const otherListeners = server.rawListeners("error") as ((...args: unknown[]) => void)[];
  server.removeAllListeners("error");
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    throw listenFailure(error as NodeJS.ErrnoException, port, host);
  } finally {
    for (const listener of otherListeners) server.on("error", listener);
  }
}

function listenFailure(error: NodeJS.ErrnoException, port: number, host: string): Error {
  switch (error.code) {
    case "EADDRINUSE":
      return new StartupFailure(`Port ${port} on ${host} is already in use; set PORT to another port`, { cause: error });
    case "EACCES":
      return new StartupFailure(`Port ${port} on ${host} needs privileges this process does not have; set PORT to a port above 1023`, { cause: error });
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return new StartupFailure(`HOST ${host} is not an address of this machine; set HOST to one (127.0.0.1, or 0.0.0.0 for every interface)`, { cause: error });
    default:
      return error;
  }
}
