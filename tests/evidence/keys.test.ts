/** Device keys from PEM files: created once, loaded after, halves checked against each other. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../firmware/config/input-error.ts";
import { generateDeviceKeys, loadDeviceKeys, loadOrCreateDeviceKeys, publicKeyPem } from "../../firmware/evidence/keys.ts";
import { temporaryFolder } from "./fixtures.ts";

describe("device keys", () => {
  it("creates a PKCS#8/SPKI pair on first start and loads the same pair afterwards", () => {
    const folder = temporaryFolder();
    const files = { privateKeyFile: join(folder, "keys", "device.key"), publicKeyFile: join(folder, "keys", "device.pub") };
    const created = loadOrCreateDeviceKeys(files);
    const loaded = loadOrCreateDeviceKeys(files);
    expect(publicKeyPem(loaded)).toBe(publicKeyPem(created));
    expect(loaded.privateKey.asymmetricKeyType).toBe("ed25519");
  });

  it("refuses a public key that is not the private key's other half", () => {
    const folder = temporaryFolder();
    const files = { privateKeyFile: join(folder, "device.key"), publicKeyFile: join(folder, "device.pub") };
    loadOrCreateDeviceKeys(files);
    writeFileSync(files.publicKeyFile, publicKeyPem(generateDeviceKeys()));
    expect(() => loadDeviceKeys(files)).toThrow(InputError);
    expect(() => loadDeviceKeys(files)).toThrow(/not the public half/);
  });
});
