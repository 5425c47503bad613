/**
 * The in-process MQTT broker (aedes, MQTT 3.1.1) that `npm start` and `liftwatch run` use
 * when no `--broker` is given, so the box can be tried on a laptop with nothing installed.
 */
import { createServer, type AddressInfo } from "node:net";
import { Aedes } from "aedes";

export interface EmbeddedBroker {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1; port 0 picks a free one. */
export async function startEmbeddedBroker(port = 0): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
