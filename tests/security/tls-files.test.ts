// The TLS files a client connects with, checked as TLS would take them: each way a field
// engineer's files go wrong is named by the file it is in, before a connect.
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisionDevice } from "../../firmware/security/provision.ts";
import { tlsProblem, type TlsFiles } from "../../firmware/security/tls-files.ts";

describe("tlsProblem", () => {
  let root: string;
  let own: Required<TlsFiles>;
  let otherKey: Buffer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "liftwatch-tls-"));
    const caDir = join(root, "ca");
    for (const id of ["box-a", "box-b"]) await provisionDevice({ out: join(root, id), caDir, deviceId: id, operatorDir: join(root, "operator") });
    const file = (id: string, name: string) => readFileSync(join(root, id, name));
    own = { ca: file("box-a", "ca.pem"), cert: file("box-a", "tls-cert.pem"), key: file("box-a", "tls-key.pem") };
    otherKey = file("box-b", "tls-key.pem");
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("takes a provisioned box's own files, and each alone", () => {
    expect(tlsProblem(own)).toBeUndefined();
    expect(tlsProblem({ ca: own.ca })).toBeUndefined();
  });

  it("names the key when it is another certificate's (OpenSSL's 'key values mismatch' at the first connect)", () => {
    expect(tlsProblem({ ...own, key: otherKey })).toEqual({ role: "key", problem: "expected the private key of the client certificate (CN=box-a) (got another key)" });
  });

  it("says what a file holds where it holds the wrong thing", () => {
    expect(tlsProblem({ ...own, cert: own.key, key: own.cert })).toEqual({ role: "cert", problem: "expected the client's PEM certificate (got a PEM PRIVATE KEY)" });
    expect(tlsProblem({ ...own, key: own.cert })).toEqual({ role: "key", problem: "expected the client's PEM private key (got a PEM CERTIFICATE)" });
    expect(tlsProblem({ ca: Buffer.from("not a certificate\n") })).toEqual({ role: "ca", problem: "expected the PEM certificate(s) the broker's certificate chains to (got no PEM block)" });
    expect(tlsProblem({ ...own, ca: Buffer.alloc(0) })?.problem).toMatch(/got an empty file\)$/);
  });

  it("refuses a key under a passphrase, which nothing could give at a connect", () => {
    const encrypted = createPrivateKey(own.key).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "secret" });
    expect(tlsProblem({ ...own, key: Buffer.from(encrypted) })?.problem).toMatch(/^expected a private key without a passphrase.*\(got an encrypted key\)$/);
  });
});
