import { randomBytes } from "node:crypto";

/**
 * MQTT client id that is unique across parallel test files and repeated runs.
 * A broker disconnects the older session when a client id is reused, which
 * would make concurrent tests kick each other off the broker.
 */
export function uniqueClientId(prefix: string): string {
  return `${prefix}-${process.pid}-${randomBytes(4).toString("hex")}`;
}
