/**
 * The commissioning page end to end in headless Chromium (Debian's chromium driven by
 * playwright-core): `liftwatch run` on a provisioned simulated box serves the page; the
 * browser logs in (after being refused and slowed), watches the lift live, sees a trip and
 * its plot, and finds the calibration wizard ready. The wizard walks a whole calibration on
 * an in-process box (the real session, the simulator's engineer doing what each prompt asks
 * of the lift), paced against the wall clock as `run` paces it.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBoxWithPage } from "../support/cli.ts";
import { pageOnSimulatedBox, simulatedCalibration } from "../support/commissioning-page.ts";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
const FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"];

/** Distinct texts an element shows while watched for `ms`. */
async function watch(page: Page, selector: string, ms: number): Promise<Set<string>> {
  const seen = new Set<string>();
  const end = Date.now() + ms;
  while (Date.now() < end) {
    seen.add(await page.locator(selector).innerText());
    await page.waitForTimeout(150);
  }
  return seen;
}

async function logIn(page: Page, token: string): Promise<void> {
  await page.fill("#token", token);
  await page.click("#login-button");
}

describe.skipIf(!available)(`the commissioning page in headless Chromium${available ? "" : ` (skipped: no ${CHROMIUM}; .ci/run installs Debian's chromium)`}`, () => {
  let browser: Browser;
  const folder = mkdtempSync(join(tmpdir(), "liftwatch-page-browser-"));
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("on liftwatch run: refuses a wrong token and slows tries, then shows the live lift, a trip and its plot", async () => {
    const running = await runBoxWithPage(folder, "box-page", { speed: 10 });
    const { token, port } = running;
    try {
      // A phone in the lift car.
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForSelector("#login:not([hidden])");

      for (let tries = 0; tries < 3; tries++) {
        await logIn(page, `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`);
        await expect.poll(() => page.locator("#login-error").innerText(), { timeout: 10_000 }).toBe("wrong token");
        await page.locator("#login-error").evaluate((element) => (element.textContent = ""));
      }
      // The next quick try is slowed (a loaded machine may be slower than the 1 s lock: then a later one).
      let message = "";
      for (let extra = 0; extra < 4 && !message.startsWith("too many"); extra++) {
        await page.locator("#login-error").evaluate((element) => (element.textContent = ""));
        await logIn(page, "another-guess");
        await expect.poll(() => page.locator("#login-error").innerText(), { timeout: 10_000 }).not.toBe("");
        message = await page.locator("#login-error").innerText();
      }
      const wait = /^too many wrong tries: wait (\d+) s$/.exec(message);
      expect(wait, message).not.toBeNull();
      expect(await page.locator("#app").isHidden()).toBe(true);
      await page.waitForTimeout(Number(wait![1]) * 1000 + 100);
      await logIn(page, token);
      await page.waitForSelector("#app:not([hidden])");

      await expect.poll(() => page.locator("#device").innerText(), { timeout: 10_000 }).toMatch(/^box-page, boot 1$/);
      const accelerations = await watch(page, "#acc-z", 2000);
      expect(accelerations.size, [...accelerations].join(" ")).toBeGreaterThan(2);
      const lift = await watch(page, "#lift", 8000);
      expect(lift.size, [...lift].join("\n---\n")).toBeGreaterThan(1);
      expect(await page.locator("[data-input=doorClosed]").count()).toBe(1);

      await page.waitForSelector("#trip-plot svg", { timeout: 20_000 });
      expect(await page.locator("#trip-title").innerText()).toMatch(/^trip \d+: (up|down), landings \d → \d, \d+\.\d\d m, peak \d\.\d\d m\/s$/);
      expect(await page.locator("#trip-plot svg").innerHTML()).toContain("speed (m/s)");
      // Fits the phone's width: nothing to scroll sideways, the plot scaled down.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const metrics = await page.locator("#trip-metrics tr").allInnerTexts();
      expect(metrics.find((row) => row.startsWith("max acceleration"))).toMatch(/^max acceleration\s+0\.\d{3}\s+m\/s²$/);
      expect(Number(await page.locator("[data-counter=trips]").innerText())).toBeGreaterThanOrEqual(1);

      await page.waitForSelector("#cal-start-form:not([hidden])");
      expect(await page.inputValue("#cal-landings")).toBe("4");
      expect(await page.locator("#cal-unavailable").isHidden()).toBe(true);
    } finally {
      await running.stop();
    }
    expect(running.output()).toMatch(/done: 0 event\(s\) published/);
  }, 90_000);

  it("walks a real calibration of the simulated lift and saves the signed record", async () => {
    const box = await pageOnSimulatedBox({ verifyToken: (token) => token === "right", startCalibration: simulatedCalibration });
    box.run(20);
    try {
      const page = await browser.newPage();
      await page.goto(box.url);
      await logIn(page, "right");
      await page.waitForSelector("#cal-start-form:not([hidden])");
      expect(await page.inputValue("#cal-landings")).toBe("4");
      await page.click("#cal-start");
      await expect.poll(() => page.locator("#cal-prompt").getAttribute("data-prompt"), { timeout: 10_000 }).toBe("mount.hold_still");
      // The engineer presses what the page offers, when it offers it, until the record can be saved.
      const answered: string[] = [];
      const deadline = Date.now() + 100_000;
      while (!(await page.locator("#cal-save").isVisible()) && Date.now() < deadline) {
        expect(await page.locator("#cal-error").innerText()).toBe("");
        const button = page.locator("#cal-actions button").first();
        if (await button.count()) {
          const prompt = await page.locator("#cal-prompt").getAttribute("data-prompt");
          if (answered.at(-1) !== prompt || prompt?.startsWith("learning")) answered.push(prompt!);
          await button.click({ timeout: 2000 }).catch(() => undefined); // the prompt may have moved on
        }
        await page.waitForTimeout(200);
      }
      expect(answered).toEqual(expect.arrayContaining(["mount.hold_still", "inputs.open_door", "inputs.close_door"]));
      expect(await page.locator("#cal-steps li").allInnerTexts()).toEqual([expect.stringMatching(/^mount: ok, /), expect.stringMatching(/^learning run: ok, 4 landings/), expect.stringMatching(/^inputs: ok, door contact normal/)]);
      await page.click("#cal-save");
      await page.waitForSelector("#cal-saved:not([hidden])");
      const landings = (await page.locator("#cal-saved-landings").innerText()).split(", ").map(Number);
      const truth = [0, 3.2, 6.4, 9.6];
      expect(landings).toHaveLength(4);
      landings.forEach((height, landing) => expect(Math.abs(height - truth[landing]), `landing ${landing}: ${height} m`).toBeLessThan(0.05));
      expect(existsSync(box.calibrationFile)).toBe(true);
    } finally {
      await box.close();
    }
  }, 150_000);
});
