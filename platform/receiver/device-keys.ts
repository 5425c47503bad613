/**
 * Devices' evidence public keys, as `liftwatch provision` leaves them:
 * `<dir>/<device-id>/evidence-pub.pem`. Loaded on first use and cached; a missing key is
 * not cached, so a box provisioned while the receiver runs is accepted without a restart.
 */
import type { KeyObject } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadPublicKey } from "../../firmware/evidence/keys.ts";
import { DEVICE_FILES, DEVICE_ID_PATTERN } from "../../firmware/security/provision.ts";

export type KeyLookup = { key: KeyObject } | { problem: string };

export class DeviceKeyDirectory {
  private readonly cache = new Map<string, KeyObject>();

  constructor(private readonly directory: string) {}

  lookup(deviceId: string): KeyLookup {
    const cached = this.cache.get(deviceId);
    if (cached) return { key: cached };
    // The id comes from a topic: never let it name a path outside the directory.
    if (!DEVICE_ID_PATTERN.test(deviceId)) return { problem: `"${deviceId}" is not a device id` };
    const file = join(this.directory, deviceId, DEVICE_FILES.evidencePublicKey);
    if (!existsSync(file)) return { problem: `unknown device (no ${file})` };
    try {
      const key = loadPublicKey(file);
      this.cache.set(deviceId, key);
      return { key };
    } catch (error) {
      return { problem: (error as Error).message };
    }
  }
}
