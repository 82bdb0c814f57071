// A smoke test of the emulator console in Firefox (Debian's firefox-esr, driven by puppeteer-core over
// WebDriver BiDi): the login cookie, the console's module script rendering the Roles page, a role
// created from the lab's template #1 by clicking, and the Activity page giving a denial's reason.
// The full walk through the console runs in Chromium (console.spec.ts).
import { CreateProfileCommand } from "@aws-sdk/client-rolesanywhere";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAB } from "../../examples/lab/lab.mjs";
import { startEmulator, type Emulator } from "../../src/emulator";
import { fromRolesAnywhere } from "../../src/index";
import { pageErrors, poll, realErrors } from "../support/browser";
import { clientsFor, createBundleAnchor } from "../support/controlPlane";
import { firefoxMissing, launchFirefox } from "../support/firefox";
import { createTestCa, issueTestCertificate } from "../support/pki";

const SKIP = firefoxMissing ? ` (skipped: ${firefoxMissing})` : "";

/** The text of the first element matching `selector`, or undefined when there is none yet. */
const text = (page: Page, selector: string) => page.evaluate((s) => document.querySelector(s)?.textContent ?? undefined, selector);

/** Clicks the first element matching `selector` once it is there. */
const click = async (page: Page, selector: string) => {
  await page.waitForSelector(selector);
  await page.click(selector);
};

describe.skipIf(firefoxMissing !== undefined)(`[needs:firefox] the emulator console in Firefox${SKIP}`, () => {
  let emu: Emulator;
  let clients: ReturnType<typeof clientsFor>;
  let firefox: Awaited<ReturnType<typeof launchFirefox>>;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    emu = await startEmulator({ host: "127.0.0.1", port: 0 });
    clients = clientsFor(emu);
    firefox = await launchFirefox();
    page = await firefox.browser.newPage();
    errors = pageErrors(page);
  }, 120_000);
  afterAll(async () => {
    await firefox?.close();
    clients?.rolesAnywhere.destroy();
    clients?.iam.destroy();
    clients?.pca.destroy();
    await emu?.close();
  });

  it("logs in with consoleUrl: an HttpOnly cookie, and the module script renders the empty Roles page", { timeout: 60_000 }, async () => {
    await page.goto(emu.consoleUrl);
    expect(page.url()).toBe(`${emu.url}/console`);
    await poll(() => text(page, "main h1")).toBe("Roles");
    expect(await text(page, "main")).toContain("No roles yet.");
    const cookies = await firefox.browser.cookies();
    expect(cookies.map((c) => ({ name: c.name, path: c.path, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([
      { name: `emulator_console_${emu.port}`, path: "/console", httpOnly: true, sameSite: "Strict" },
    ]);
    expect(await page.evaluate(() => document.cookie)).toBe("");
  });

  it("creates a role from the lab's template #1 by clicking; the control plane has it", { timeout: 60_000 }, async () => {
    await click(page, ".toolbar button");
    await click(page, 'form button[data-template="lab-all"]');
    expect(await page.$eval('form input[name="roleName"]', (input) => (input as HTMLInputElement).value)).toBe(LAB.roleAll);
    await click(page, 'form button[type="submit"]');
    await poll(() => text(page, "main table .name")).toBe(LAB.roleAll);
    const { Role } = await clients.iam.send(new GetRoleCommand({ RoleName: LAB.roleAll }));
    expect(Role?.Arn).toBe(emu.arns.roles[LAB.roleAll]);
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))).toMatchObject({
      Statement: [{ Effect: "Allow", Principal: { Service: "rolesanywhere.amazonaws.com" } }],
    });
  });

  it("Activity shows the reason of a refused CreateSession", { timeout: 90_000 }, async () => {
    const trusted = await createTestCa({ commonName: "Firefox Trusted CA" });
    const stranger = await createTestCa({ commonName: "Firefox Other CA" });
    const anchor = await createBundleAnchor(clients.rolesAnywhere, "Firefox-Anchor", trusted.certificatePem);
    const { profile } = await clients.rolesAnywhere.send(
      new CreateProfileCommand({ name: "Firefox-Profile", enabled: true, roleArns: [emu.arns.roles[LAB.roleAll]!] }),
    );
    const user = await issueTestCertificate({ issuer: stranger, subject: { CN: "FirefoxUser" } });
    const call = fromRolesAnywhere({
      trustAnchorArn: anchor.trustAnchorArn!,
      profileArn: profile!.profileArn!,
      roleArn: emu.arns.roles[LAB.roleAll]!,
      certificate: user.certificatePem,
      privateKey: user.key.privateKeyPem,
      endpoint: emu.url,
      maxRetries: 0,
    });
    await expect(call()).rejects.toMatchObject({ errorType: "AccessDeniedException", statusCode: 403 });

    await click(page, 'nav a[data-route="activity"]');
    await poll(() => text(page, "main h1")).toBe("Activity");
    await poll(() => page.$$eval("article.entry", (entries) => entries.length)).toBe(1);
    expect(await page.$eval("article.entry", (entry) => entry.className)).toContain("entry-denied");
    expect(await text(page, "article.entry header")).toContain("403 AccessDeniedException");
    expect(await text(page, "article.entry .reason strong")).toBe("Failed check: Certificate path");
    expect(realErrors(errors)).toEqual([]);
  });
});
