/**
 * Topics the broker's ACL (hardware/mosquitto/acl) is written for. A box publishes only
 * under `{root}/{device}/`, and reads only these two, both addressed to it alone.
 */
export const DEFAULT_TOPIC_ROOT = "liftwatch/v1";

/** Operator → box: one signed command (firmware/security/commands.ts), QoS 1, not retained. */
export function commandTopic(deviceId: string, root = DEFAULT_TOPIC_ROOT): string {
  return `${root}/${deviceId}/command`;
}

/** Platform → box: the receiver's acknowledgement that it committed an event, QoS 1, not retained. */
export function ackTopic(deviceId: string, root = DEFAULT_TOPIC_ROOT): string {
  return `${root}/${deviceId}/ack`;
}
