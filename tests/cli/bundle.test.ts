/**
 * The firmware as a box runs it: bundled into one module (`npm run build`, scripts/bundle.ts),
 * which the service and /usr/local/bin/liftwatch start. What bundling can break is checked
 * through the bundle itself: the files shipped beside the code (built-in scenarios, the
 * commissioning page, the fleet's worker), the packages loaded at run time (SQLite, the
 * serial port's native binding, vega), and the events, which must be the sources' to the byte.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFirmware } from "../../scripts/bundle.ts";
import { liftwatch, runBoxWithPage } from "../support/cli.ts";
import { mosquittoBinary, startMosquitto } from "../support/mosquitto.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "liftwatch-bundle-"));
// Inside the package, as dist/ is: its native packages and shipped files are found from there.
const bundleFile = join(root, "node_modules", ".cache", "liftwatch", `firmware-test-${process.pid}.mjs`);
let bin = "";

beforeAll(async () => {
  bin = await buildFirmware(bundleFile);
}, 60_000);
afterAll(() => {
  rmSync(bundleFile, { force: true });
  rmSync(folder, { recursive: true, force: true });
});

describe("the bundled firmware", () => {
  it("lists the built-in scenarios and publishes the same events as the sources, byte for byte", async () => {
    const [listed, fromSources] = await Promise.all([liftwatch(["sim", "--list"], { bin }), liftwatch(["sim", "--list"])]);
    expect(listed.stderr).toBe("");
    expect(listed.stdout).toMatch(/^free-fall\s/m);
    expect(listed.stdout).toBe(fromSources.stdout);

    const [bundled, sources] = await Promise.all([liftwatch(["sim", "free-fall"], { bin }), liftwatch(["sim", "free-fall"])]);
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(bundled.stdout).toMatch(/"type":"free_fall"/);
    expect(bundled.stdout).toBe(sources.stdout);
  }, 60_000);

  it("serves the commissioning page's files on liftwatch run", async () => {
    const running = await runBoxWithPage(folder, "box-bundle", { bin });
    const { port } = running;
    try {
      const page = join(root, "firmware", "commissioning", "page");
      for (const [path, file] of [["/", "index.html"], ["/app.js", "app.js"], ["/style.css", "style.css"]]) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(response.status, path).toBe(200);
        expect(await response.text(), path).toBe(readFileSync(join(page, file), "utf8"));
      }
    } finally {
      await running.stop();
    }
  }, 60_000);

  it("opens a real serial port's native binding as the sources do (here no port: each part says so)", async () => {
    const config = join(folder, "sideboard.yaml");
    writeFileSync(config, `journal: { file: ${join(folder, "sideboard.db")} }\n`);
    const partsOf = async (entry: { bin?: string }) => {
      rmSync(join(folder, "sideboard.db"), { force: true });
      const result = await liftwatch(["run", "--config", config, "--board", "pi-firmata-sideboard"], { ...entry, stopAfterMs: 5000 });
      return result.stdout.split("\n").filter((line) => line.startsWith("! "));
    };
    const bundled = await partsOf({ bin });
    expect(bundled[0]).toMatch(/^! accelerometer unusable, running without it: firmata \S+: serial port not found/);
    expect(bundled).toEqual(await partsOf({}));
  }, 60_000);

  it("plots a trace's ride quality", async () => {
    const trace = join(folder, "demo.csv");
    expect((await liftwatch(["sim", "demo", "--trace", trace, "--out", join(folder, "demo.jsonl")], { bin })).code).toBe(0);
    const out = join(folder, "plots");
    const report = await liftwatch(["report", "ride-quality", trace, "--out", out], { bin });
    expect(report.code, report.stderr).toBe(0);
    const plots = readdirSync(out).filter((name) => name.endsWith(".svg"));
    expect(plots.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, plots[0]), "utf8")).toMatch(/^<svg/);
  }, 60_000);

  it.skipIf(!mosquittoBinary())("runs a fleet's worker threads", async () => {
    const broker = await startMosquitto();
    try {
      const args = ["fleet", "--devices", "2", "--broker", broker.url, "--duration", "3", "--event-every", "2", "--workers", "1", "--receivers", "1", "--folder", folder];
      const result = await liftwatch(args, { bin, timeoutMs: 25_000 });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^events generated\s+[1-9]\d* \(by 2 boxes\)$/m);
      expect(result.stdout).toMatch(/^events lost\s+0$/m);
    } finally {
      await broker.stop();
    }
  }, 30_000);
});
