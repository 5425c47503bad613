/** `liftwatch provision`, run as an operator would: what it writes, what it reuses, what it refuses. */
import { createPrivateKey, createPublicKey, sign, verify, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../firmware/config/input-error.ts";
import { provisionDevice, provisionService } from "../../firmware/security/provision.ts";
import { commissioningRecordSchema, verifyCommissioningToken } from "../../firmware/security/commissioning-token.ts";
import { liftwatch, type CommandResult } from "../support/cli.ts";

const read = (...path: string[]) => readFileSync(join(...path), "utf8");
const mode = (...path: string[]) => statSync(join(...path)).mode & 0o777;
const tokenIn = (result: CommandResult) => /commissioning token for \S+ \(shown once, stored only as a hash\): (\S+)/.exec(result.stdout)?.[1];

describe("liftwatch provision", () => {
  let fleet: string;
  let first: CommandResult;
  let second: CommandResult;
  let caCertificateBefore: string;

  beforeAll(async () => {
    fleet = mkdtempSync(join(tmpdir(), "liftwatch-provision-"));
    first = await liftwatch(["provision", "--device", "lift-0001", "--out", join(fleet, "lift-0001")]);
    caCertificateBefore = read(fleet, "ca", "ca-cert.pem");
    second = await liftwatch(["provision", "--device", "lift-0002", "--out", join(fleet, "lift-0002")]);
  });
  afterAll(() => rmSync(fleet, { recursive: true, force: true }));

  it("creates the CA, the operator key and the device's files beside each other", () => {
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/CA: created/);
    expect(first.stdout).toMatch(/operator key: created/);
    for (const file of ["ca.pem", "tls-cert.pem", "tls-key.pem", "evidence-key.pem", "evidence-pub.pem", "operator-pub.pem", "commissioning-token.json"]) {
      expect(first.stdout).toContain(join(fleet, "lift-0001", file));
    }
  });

  it("issues a TLS client certificate with CN = device id, signed by the CA, for the key beside it", () => {
    const ca = new X509Certificate(read(fleet, "ca", "ca-cert.pem"));
    const device = new X509Certificate(read(fleet, "lift-0001", "tls-cert.pem"));
    expect(ca.ca).toBe(true);
    expect(device.ca).toBe(false);
    expect(device.subject).toBe("CN=lift-0001");
    expect(device.checkIssued(ca)).toBe(true);
    expect(device.verify(ca.publicKey)).toBe(true);
    expect(device.checkPrivateKey(createPrivateKey(read(fleet, "lift-0001", "tls-key.pem")))).toBe(true);
    expect(device.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: "prime256v1" });
    expect(device.keyUsage).toContain("1.3.6.1.5.5.7.3.2"); // TLS client authentication
    expect(read(fleet, "lift-0001", "ca.pem").trim()).toBe(caCertificateBefore.trim());
  });

  it("makes an Ed25519 evidence key pair that signs and verifies", () => {
    const privateKey = createPrivateKey(read(fleet, "lift-0001", "evidence-key.pem"));
    const publicKey = createPublicKey(read(fleet, "lift-0001", "evidence-pub.pem"));
    expect(privateKey.asymmetricKeyType).toBe("ed25519");
    const evidence = Buffer.from("lift-0001:0:1");
    expect(verify(null, evidence, publicKey, sign(null, evidence, privateKey))).toBe(true);
  });

  it("gives every device the operator's public key, and keeps the private key out of device directories", () => {
    const operatorPublic = read(fleet, "operator", "operator-pub.pem");
    expect(read(fleet, "lift-0001", "operator-pub.pem")).toBe(operatorPublic);
    expect(read(fleet, "lift-0002", "operator-pub.pem")).toBe(operatorPublic);
    expect(createPublicKey(createPrivateKey(read(fleet, "operator", "operator-key.pem"))).export({ type: "spki", format: "pem" })).toBe(operatorPublic);
  });

  it("prints the commissioning token once and stores only its scrypt hash", () => {
    const token = tokenIn(first)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const stored = read(fleet, "lift-0001", "commissioning-token.json");
    expect(stored).not.toContain(token);
    const record = commissioningRecordSchema.parse(JSON.parse(stored));
    expect(verifyCommissioningToken(token, record)).toBe(true);
    expect(verifyCommissioningToken(tokenIn(second)!, record)).toBe(false);
  });

  it("writes private keys 0600", () => {
    for (const path of [["ca", "ca-key.pem"], ["operator", "operator-key.pem"], ["lift-0001", "tls-key.pem"], ["lift-0001", "evidence-key.pem"]]) {
      expect(mode(fleet, ...path), path.join("/")).toBe(0o600);
    }
  });

  it("reuses the CA and the operator key for the next device", () => {
    expect(second).toMatchObject({ code: 0 });
    expect(second.stdout).toMatch(/CA: reused/);
    expect(second.stdout).toMatch(/operator key: reused/);
    expect(read(fleet, "ca", "ca-cert.pem")).toBe(caCertificateBefore);
    const ca = new X509Certificate(caCertificateBefore);
    expect(new X509Certificate(read(fleet, "lift-0002", "tls-cert.pem")).checkIssued(ca)).toBe(true);
  });

  it("refuses to overwrite a provisioned device without --force, and replaces its keys (not the CA) with it", async () => {
    const keyBefore = read(fleet, "lift-0002", "evidence-key.pem");
    const refused = await liftwatch(["provision", "--device", "lift-0002", "--out", join(fleet, "lift-0002")]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^liftwatch: --out .*lift-0002: already holds .*--force/)]);
    expect(read(fleet, "lift-0002", "evidence-key.pem")).toBe(keyBefore);

    const forced = await liftwatch(["provision", "--device", "lift-0002", "--out", join(fleet, "lift-0002"), "--force"]);
    expect(forced.code).toBe(0);
    expect(read(fleet, "lift-0002", "evidence-key.pem")).not.toBe(keyBefore);
    expect(read(fleet, "ca", "ca-cert.pem")).toBe(caCertificateBefore);
  });

  it("makes the broker's server certificate for its host names and addresses", async () => {
    const result = await liftwatch(["provision", "--broker-host", "mqtt.example.net,127.0.0.1", "--out", join(fleet, "broker")]);
    expect(result.code).toBe(0);
    const server = new X509Certificate(read(fleet, "broker", "server-cert.pem"));
    expect(server.checkIssued(new X509Certificate(caCertificateBefore))).toBe(true);
    expect(server.checkHost("mqtt.example.net")).toBe("mqtt.example.net");
    expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(server.keyUsage).toContain("1.3.6.1.5.5.7.3.1"); // TLS server authentication
    expect(mode(fleet, "broker", "server-key.pem")).toBe(0o600);
  });

  it.each([
    [["--device", "lift 1", "--out", "x"], /--device "lift 1"/],
    [["--broker-host", "bad host!", "--out", "x"], /--broker-host "bad host!"/],
    [["--device", "a", "--client", "b.c", "--out", "x"], /exactly one of/],
    [["--client", "b.c", "--operator", "o", "--out", "x"], /--operator \S+: only used with --device/],
  ])("rejects bad input %j with one line and exit 2", async (args, message) => {
    const result = await liftwatch(["provision", ...args.map((arg) => (arg === "x" || arg === "o" ? join(fleet, "bad", arg) : arg))]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it("keeps the dot for service names, so no device id can be given a service's broker rights", async () => {
    const places = { out: join(fleet, "bad", "dotted"), caDir: join(fleet, "ca") };
    await expect(provisionDevice({ ...places, deviceId: "liftwatch.receiver", operatorDir: join(fleet, "operator") })).rejects.toThrow(InputError);
    await expect(provisionService({ ...places, name: "receiver" })).rejects.toThrow(/--client "receiver"/);
  });

  it("a half-present CA is an error, never silently replaced", async () => {
    rmSync(join(fleet, "ca", "ca-key.pem"));
    const result = await liftwatch(["provision", "--device", "lift-0003", "--out", join(fleet, "lift-0003")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ca-cert\.pem but not its pair/);
    expect(read(fleet, "ca", "ca-cert.pem")).toBe(caCertificateBefore);
  });
});
