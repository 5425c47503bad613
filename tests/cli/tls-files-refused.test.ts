// A box given another box's TLS key (or a key where its certificate should be) had passed
// `config check`, and `run` had counted a boot in its journal and then stopped with exit 1 and
// OpenSSL's "key values mismatch", naming no file. Now both name the file and setting, exit 2,
// and the journal is not touched; `receive` refuses its own files the same way.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { provisionDevice } from "../../firmware/security/provision.ts";
import { temporaryFolder } from "../platform/support.ts";
import { liftwatch } from "../support/cli.ts";

describe("TLS files that TLS would refuse", () => {
  const folder = temporaryFolder();
  const journal = join(folder, "journal.db");
  const config = join(folder, "box.yaml");
  const [ownKey, otherKey] = [join(folder, "box-a", "tls-key.pem"), join(folder, "box-b", "tls-key.pem")];

  beforeAll(async () => {
    for (const id of ["box-a", "box-b"]) await provisionDevice({ out: join(folder, id), caDir: join(folder, "ca"), deviceId: id, operatorDir: join(folder, "operator") });
    const lines = ["device:", "  id: box-a", "mqtt:", "  broker: mqtts://127.0.0.1:1", "  ca_file: box-a/ca.pem", "  cert_file: box-a/tls-cert.pem", "  key_file: box-b/tls-key.pem", "journal:", `  file: ${journal}`];
    writeFileSync(config, `${lines.join("\n")}\n`);
  });

  it("config check names the key's line", async () => {
    const result = await liftwatch(["config", "check", config]);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain(`${config}:7: mqtt.key_file: expected the private key of the client certificate (CN=box-a) (got another key)`);
  });

  it("run refuses it in one line before the journal counts a boot", async () => {
    const result = await liftwatch(["run", "--config", config], { stopAfterMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`liftwatch: ${otherKey}: mqtt.key_file: expected the private key of the client certificate (CN=box-a) (got another key)\n`);
    expect(existsSync(journal)).toBe(false);
  });

  it("receive refuses a certificate file that holds a key", async () => {
    const devices = join(folder, "devices");
    mkdirSync(devices, { recursive: true });
    const args = ["receive", "--broker", "mqtts://127.0.0.1:1", "--db", join(folder, "receiver.db"), "--devices", devices, "--cert", ownKey, "--key", ownKey];
    const result = await liftwatch(args, { stopAfterMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`liftwatch: --cert ${ownKey}: expected the client's PEM certificate (got a PEM PRIVATE KEY)\n`);
  });
});
