/**
 * @peculiar/x509 set up once: it needs a Reflect polyfill loaded before it (tsyringe) and a
 * WebCrypto to sign with. Import x509 from here, never from the package directly.
 */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
