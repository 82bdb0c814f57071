// The emulator's browser console in a real browser (Debian chromium, driven by playwright-core):
// the lab's console steps 6-15 done by clicking and typing, then the provider against the
// emulator, and the Activity page showing the exact reason of the lab's AccessDenied.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAB, arnsFromConfig, buildLabPki, labConfig } from "../../examples/lab/lab.mjs";
import type { LabPki } from "../../examples/lab/lab.d.mts";
import { parseCertificate } from "../../src/certificate/certificate";
import { startEmulator, type Emulator } from "../../src/emulator";
import { fromRolesAnywhere } from "../../src/index";
import { chromiumMissing, launchChromium, pageErrors, screenshot } from "../support/browser";
import { activeCa, clientsFor } from "../support/controlPlane";
import { expectComplete } from "../support/guards";
import { createTestCa, createTestCrl, issueTestCertificate, type TestCert } from "../support/pki";

const SKIP = chromiumMissing ? ` (skipped: ${chromiumMissing})` : "";

/** Script errors of the page, without the console's own "Failed to load resource" for an API's 4xx answer. */
const realErrors = (errors: string[]) => errors.filter((e) => !e.startsWith("Failed to load resource"));

/** `expect.poll` with room for a loaded machine (its default gives up after one second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

/** Every form control of the page that has no label. */
const unlabelled = (page: Page) =>
  page.evaluate(() =>
    Array.from(
      document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("main input, main select, main textarea"),
    )
      .filter((c) => c.type !== "hidden" && (c.labels?.length ?? 0) === 0 && !c.getAttribute("aria-label"))
      .map((c) => c.outerHTML),
  );

/** A page on another origin of this machine (another port: the same site) that tries to change the emulator's state. */
async function hostileSite(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const api = `${target}/console/api/call/iam/CreateRole`;
  const policy = JSON.stringify(JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:*" }] }));
  const html = `<!doctype html><title>hostile</title><script>
const body = (name) => JSON.stringify({ RoleName: name, AssumeRolePolicyDocument: ${policy} });
window.results = Promise.all([
  fetch(${JSON.stringify(api)}, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: body("FromNoCors") })
    .then((r) => r.type, (e) => "error: " + e.name),
  fetch(${JSON.stringify(api)}, { method: "POST", credentials: "include", headers: { "content-type": "application/json", "x-emulator-console": "1" }, body: body("FromCors") })
    .then((r) => String(r.status), (e) => "error: " + e.name),
]);
</script>`;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the browser keeps its connection alive
      }),
  };
}

/** Goes to a page through the navigation, as a user does. */
const nav = async (page: Page, name: string) => {
  await page.getByRole("navigation", { name: "Console pages" }).getByRole("link", { name, exact: true }).click();
  await page.waitForFunction((title) => document.title.startsWith(`${title} —`), name);
};

describe.skipIf(chromiumMissing !== undefined)(`[needs:chromium] the emulator console in Chromium${SKIP}`, () => {
  let dir: string;
  let pki: LabPki;
  let emu: Emulator;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let errors: string[];
  /** Every origin the console's page loaded anything from. */
  const requested = new Set<string>();
  const ids = { anchorId: "", profileId: "" };

  const provider = (user: "DavianThule" | "GabrielAngelos", role: string) => {
    const client = pki.clients[user]!;
    const config = labConfig({ certificateFile: client.certificateFile, privateKeyFile: client.privateKeyFile, role, ...ids });
    return fromRolesAnywhere({
      ...arnsFromConfig(config),
      certificate: readFileSync(client.certificateFile, "utf8"),
      privateKey: readFileSync(client.privateKeyFile, "utf8"),
      endpoint: emu.url,
      maxRetries: 0,
    });
  };

  /** Creates a trust anchor by pasting a CA certificate on the Trust anchors page; waits for it to be ACTIVE. */
  const pasteAnchor = async (name: string, certificatePem: string) => {
    await nav(page, "Trust anchors");
    await page.locator(".toolbar").getByRole("button", { name: "Create trust anchor" }).click();
    await page.getByLabel("Trust anchor name").fill(name);
    await page.getByLabel("CA certificate (PEM)").fill(certificatePem);
    await page.locator("form").getByRole("button", { name: "Create trust anchor" }).click();
    const row = page.getByRole("row").filter({ hasText: name });
    await row.getByText("ACTIVE", { exact: true }).waitFor();
    return { row, anchor: [...emu.state.trustAnchors.values()].find((a) => a.name === name)! };
  };

  /** The provider for a test certificate through `anchorArn` and the lab profile. */
  const testProvider = (user: TestCert, anchorArn: string, role: string) =>
    fromRolesAnywhere({
      trustAnchorArn: anchorArn,
      profileArn: emu.arns.profiles[ids.profileId]!,
      roleArn: emu.arns.roles[role]!,
      certificate: user.certificatePem,
      privateKey: user.key.privateKeyPem,
      endpoint: emu.url,
      maxRetries: 0,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "console-e2e-"));
    pki = await buildLabPki({ pki: "in-process", dir: join(dir, "pki") });
    emu = await startEmulator({});
    browser = await launchChromium();
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: emu.url });
    page = await browser.context.newPage();
    errors = pageErrors(page);
    page.on("request", (request) => requested.add(new URL(request.url()).origin));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await emu?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("logs in with consoleUrl: the token becomes an HttpOnly cookie and leaves the address bar", { timeout: 60_000 }, async () => {
    await page.goto(emu.consoleUrl);
    expect(page.url()).toBe(`${emu.url}/console`);
    await page.getByRole("heading", { level: 1, name: "Roles" }).waitFor();
    const cookies = await browser.context.cookies(`${emu.url}/console`);
    expect(cookies).toEqual([
      expect.objectContaining({ name: `emulator_console_${emu.port}`, path: "/console", httpOnly: true, sameSite: "Strict" }),
    ]);
    expect(await page.evaluate(() => document.cookie)).toBe("");
  });

  it(
    "steps 6-9: creates both lab roles with the trust-policy templates; IAM's validation message shows inline",
    { timeout: 90_000 },
    async () => {
      await page.locator(".toolbar").getByRole("button", { name: "Create role" }).click();
      await page.getByLabel("Role name", { exact: true }).fill("Lab-IAM-Anywhere-All");
      await page.getByLabel("Trust policy", { exact: true }).fill('{"Version": "2012-10-17", "Statement": [');
      const submit = page.locator("form").getByRole("button", { name: "Create role" });
      await submit.click();
      await poll(() => page.getByRole("alert").filter({ hasText: "MalformedPolicyDocument" }).textContent()).toBe(
        "MalformedPolicyDocument: This policy contains invalid Json",
      );
      await page.getByRole("button", { name: "Lab policy #1: any certificate of a trust anchor" }).click();
      await submit.click();
      await page.getByRole("cell", { name: "Lab-IAM-Anywhere-All", exact: true }).waitFor();

      await page.locator(".toolbar").getByRole("button", { name: "Create role" }).click();
      await page.getByRole("button", { name: "Lab policy #2: only CN=DavianThule" }).click();
      expect(await page.getByLabel("Role name", { exact: true }).inputValue()).toBe(LAB.roleOnlyThule);
      await submit.click();
      await page.getByRole("cell", { name: LAB.roleOnlyThule, exact: true }).waitFor();
      await page.getByText("Allow if StringEquals aws:PrincipalTag/x509Subject/CN = DavianThule").waitFor();
      expect([...emu.state.roles.keys()]).toEqual([LAB.roleAll, LAB.roleOnlyThule]);
      expect(emu.state.roles.get(LAB.roleOnlyThule)!.trustPolicy).toMatchObject({
        Statement: [{ Condition: { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } } }],
      });
      expect(await unlabelled(page)).toEqual([]);
      await screenshot(page, "roles");
    },
  );

  it(
    "steps 10-12: creates the trust anchor from the uploaded lab CA; status ACTIVE, CA subject and expiry, ID copied",
    { timeout: 60_000 },
    async () => {
      await nav(page, "Trust anchors");
      await page.locator(".toolbar").getByRole("button", { name: "Create trust anchor" }).click();
      await page.getByLabel("Trust anchor name").fill("Lab-IAM-Anywhere-Anchor");
      await page.getByLabel("…or upload the certificate file").setInputFiles(pki.caFile);
      await poll(() => page.getByLabel("CA certificate (PEM)").inputValue()).toContain("-----BEGIN CERTIFICATE-----");
      expect(await unlabelled(page)).toEqual([]);
      await page.locator("form").getByRole("button", { name: "Create trust anchor" }).click();
      const row = page.getByRole("row").filter({ hasText: "Lab-IAM-Anywhere-Anchor" });
      await row.getByText("ACTIVE", { exact: true }).waitFor();
      const anchor = [...emu.state.trustAnchors.values()][0]!;
      const expires = anchor.certificates[0]!.info.notAfter.toISOString().slice(0, 10);
      await row.getByText(`expires ${expires}`).waitFor();
      expect(await row.locator(".ca .subject").textContent()).toBe("CN=Lab In-Process CA");
      const copy = page.getByRole("button", { name: "Copy ID of trust anchor Lab-IAM-Anywhere-Anchor" });
      ids.anchorId = (await copy.getAttribute("data-copy"))!;
      expect(ids.anchorId).toBe(anchor.id);
      await copy.click();
      await poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(anchor.id);
      await screenshot(page, "trust-anchors");
    },
  );

  it("steps 13-15: creates the profile with both roles; its ID is recorded", { timeout: 60_000 }, async () => {
    await nav(page, "Profiles");
    await page.locator(".toolbar").getByRole("button", { name: "Create profile" }).click();
    await page.getByLabel("Profile name").fill("Lab-IAM-Anywhere-Profile");
    await page.getByLabel(LAB.roleAll, { exact: true }).check();
    await page.getByLabel(LAB.roleOnlyThule, { exact: true }).check();
    expect(await unlabelled(page)).toEqual([]);
    await page.locator("form").getByRole("button", { name: "Create profile" }).click();
    const row = page.getByRole("row").filter({ hasText: "Lab-IAM-Anywhere-Profile" });
    await row.getByText("ENABLED", { exact: true }).waitFor();
    ids.profileId = (await page.getByRole("button", { name: "Copy ID of profile Lab-IAM-Anywhere-Profile" }).getAttribute("data-copy"))!;
    const profile = emu.state.profiles.get(ids.profileId)!;
    expect(profile).toMatchObject({ name: "Lab-IAM-Anywhere-Profile", enabled: true, durationSeconds: 3600 });
    expect(profile.roleArns.sort()).toEqual([emu.arns.roles[LAB.roleAll], emu.arns.roles[LAB.roleOnlyThule]].sort());
    await screenshot(page, "profiles");
  });

  it(
    "the provider gets credentials for DavianThule and is denied for GabrielAngelos on Only-Thule; Activity shows why, live",
    { timeout: 90_000 },
    async () => {
      const activity = await browser.context.newPage();
      const activityErrors = pageErrors(activity);
      await activity.goto(`${emu.url}/console#/activity`);
      await activity.getByText("● Live").waitFor();

      expectComplete(await provider("DavianThule", LAB.roleOnlyThule)());
      expectComplete(await provider("GabrielAngelos", LAB.roleAll)());
      await expect(provider("GabrielAngelos", LAB.roleOnlyThule)()).rejects.toMatchObject({
        errorType: "AccessDeniedException",
        statusCode: 403,
      });

      // The page was open before the calls: the entries arrive over the live stream, newest first.
      const entries = activity.locator("article.entry");
      await poll(() => entries.count()).toBe(3);
      const denial = entries.first();
      expect(await denial.getAttribute("class")).toContain("entry-denied");
      expect(await denial.locator("header").textContent()).toContain("403 AccessDeniedException");
      expect(await denial.locator(".summary").textContent()).toContain("CN=GabrielAngelos");
      expect(await denial.locator(".message").textContent()).toBe(
        `AccessDeniedException: Unable to assume role for ${emu.arns.roles[LAB.roleOnlyThule]}.`,
      );
      expect(await denial.locator(".reason strong").textContent()).toBe("Failed check: Trust policy");
      const failing = denial.locator("table.conditions tr.fail");
      expect(await failing.count()).toBe(1);
      expect(await failing.locator("td").nth(1).textContent()).toBe("aws:PrincipalTag/x509Subject/CN");
      expect(await failing.locator("td.request-value").textContent()).toBe('"GabrielAngelos"');
      expect(await failing.locator("td").nth(3).textContent()).toBe('"DavianThule"');
      expect(await denial.getByRole("cell", { name: "aws:PrincipalTag/x509Subject/CN" }).first().isVisible()).toBe(true);
      await denial.getByRole("cell", { name: "GabrielAngelos", exact: true }).waitFor(); // the principal tags table
      expect(await entries.nth(1).getAttribute("class")).toContain("entry-ok");
      expect(await entries.nth(2).locator(".summary").textContent()).toContain("CN=DavianThule");

      await activity.getByLabel("Only refused requests").check();
      await poll(() => entries.count()).toBe(1);
      await activity.getByLabel("Only refused requests").uncheck();
      await screenshot(activity, "activity");
      expect(realErrors(activityErrors)).toEqual([]);
      await activity.close();
    },
  );

  it(
    "Try a certificate: GabrielAngelos on Only-Thule is denied by the CN condition, DavianThule is allowed; nothing is issued",
    { timeout: 60_000 },
    async () => {
      const sessions = emu.state.sessions.size;
      await nav(page, "Try a certificate");
      expect(await unlabelled(page)).toEqual([]);
      await page.getByLabel("Certificate (PEM)").fill(readFileSync(pki.clients["GabrielAngelos"]!.certificateFile, "utf8"));
      await page.getByLabel("Profile", { exact: true }).selectOption({ label: "Lab-IAM-Anywhere-Profile" });
      await page.getByLabel("Role", { exact: true }).selectOption({ label: LAB.roleOnlyThule });
      await page.getByRole("button", { name: "Explain the decision" }).click();
      const result = page.getByRole("region", { name: "Decision" });
      await result.locator(".verdict.denied").waitFor();
      expect(await result.locator(".verdict").textContent()).toContain(`Unable to assume role for ${emu.arns.roles[LAB.roleOnlyThule]}.`);
      expect(await result.locator("tr.fail td.request-value").textContent()).toBe('"GabrielAngelos"');
      expect(await result.locator("li.fail strong").textContent()).toBe("Trust policy");
      await screenshot(page, "try-a-certificate");

      await page.getByLabel("Certificate (PEM)").fill(readFileSync(pki.clients["DavianThule"]!.certificateFile, "utf8"));
      await page.getByRole("button", { name: "Explain the decision" }).click();
      await result.locator(".verdict.allowed").waitFor();
      expect(await result.locator("li.fail").count()).toBe(0);

      await page.getByLabel("Certificate (PEM)").fill(readFileSync(pki.clients["DavianThule"]!.privateKeyFile, "utf8"));
      await page.getByRole("button", { name: "Explain the decision" }).click();
      await page.getByRole("alert").filter({ hasText: "private key" }).waitFor();
      expect(emu.state.sessions.size).toBe(sessions);
    },
  );

  it(
    "CRLs: imports one that revokes a certificate, shows what it revokes, the denial it causes, and disables it",
    { timeout: 90_000 },
    async () => {
      const ca = await createTestCa({ commonName: "Pasted CA" });
      const user = await issueTestCertificate({ issuer: ca, subject: { CN: "CrlUser" } });
      // A second trust anchor, made by pasting the CA certificate.
      const { anchor } = await pasteAnchor("Pasted-Anchor", ca.certificatePem);
      const call = () => testProvider(user, anchor.arn, LAB.roleAll)(); // a new provider each time: no cache
      expectComplete(await call()); // the subject is now known to the emulator

      await nav(page, "CRLs");
      await page.locator(".toolbar").getByRole("button", { name: "Import CRL" }).click();
      await page.getByLabel("CRL name").fill("Pasted-CRL");
      await page.getByLabel("Trust anchor", { exact: true }).selectOption({ label: `Pasted-Anchor (${anchor.id})` });
      await page.getByLabel("CRL (PEM)").fill(await createTestCrl({ issuer: ca, revokedSerials: [user.serial] }));
      expect(await unlabelled(page)).toEqual([]);
      await page.locator("form").getByRole("button", { name: "Import CRL" }).click();
      const row = page.getByRole("row").filter({ hasText: "Pasted-CRL" });
      await row.getByText("ENABLED", { exact: true }).waitFor();
      expect(await row.locator("li").textContent()).toBe(`${parseCertificate(user.certificateDer).serialHex} — CN=CrlUser`);
      expect(await row.textContent()).toContain("CN=Pasted CA");
      await screenshot(page, "crls");

      await expect(call()).rejects.toMatchObject({ errorType: "AccessDeniedException" });
      await nav(page, "Activity");
      await poll(() => page.locator("article.entry").first().locator(".reason strong").textContent()).toBe(
        "Failed check: Revocation (CRLs)",
      );

      await nav(page, "CRLs");
      await page.getByRole("button", { name: "Disable CRL Pasted-CRL" }).click();
      await row.getByText("DISABLED", { exact: true }).waitFor();
      expectComplete(await call());
    },
  );

  it("creates a trust anchor from an emulated private CA, disables and enables it", { timeout: 90_000 }, async () => {
    const clients = clientsFor(emu);
    const pcaArn = await activeCa(clients, "EC_prime256v1", "SHA256WITHECDSA");
    clients.pca.destroy();
    await nav(page, "Trust anchors");
    await page.locator(".toolbar").getByRole("button", { name: "Create trust anchor" }).click();
    await page.getByLabel("Trust anchor name").fill("Pca-Anchor");
    await page.getByLabel("AWS Private CA (emulated)").check();
    await page.getByLabel("Private certificate authority").selectOption(pcaArn);
    await page.locator("form").getByRole("button", { name: "Create trust anchor" }).click();
    const row = page.getByRole("row").filter({ hasText: "Pca-Anchor" });
    await row.getByText("AWS Private CA").waitFor();
    expect(await row.locator(".ca .subject").textContent()).toBe("CN=PCA EC_prime256v1,O=Lab");
    await page.getByRole("button", { name: "Disable trust anchor Pca-Anchor" }).click();
    await row.getByText("DISABLED", { exact: true }).waitFor();
    expect([...emu.state.trustAnchors.values()].find((a) => a.name === "Pca-Anchor")!.enabled).toBe(false);
    await page.getByRole("button", { name: "Enable trust anchor Pca-Anchor" }).click();
    await row.getByText("ACTIVE", { exact: true }).waitFor();
  });

  it("edits and deletes a role, asking once more before deleting", { timeout: 60_000 }, async () => {
    await nav(page, "Roles");
    await page.locator(".toolbar").getByRole("button", { name: "Create role" }).click();
    await page.getByLabel("Role name", { exact: true }).fill("Scratch");
    await page.getByRole("button", { name: "Lab policy #1: any certificate of a trust anchor" }).click();
    await page.locator("form").getByRole("button", { name: "Create role" }).click();
    await page.getByRole("button", { name: "Edit role Scratch" }).click();
    expect(await page.getByLabel("Role name", { exact: true }).getAttribute("readonly")).toBe("");
    await page.getByLabel("Maximum session duration").selectOption({ label: "2 hours" });
    await page
      .getByLabel("Trust policy", { exact: true })
      .fill(JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:*" }] }));
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("row").filter({ hasText: "Scratch" }).getByText("2 hours").waitFor();
    expect(emu.state.roles.get("Scratch")!.maxSessionDuration).toBe(7200);
    await page.getByRole("button", { name: "Delete role Scratch" }).click();
    expect(emu.state.roles.has("Scratch")).toBe(true);
    await page.getByRole("button", { name: "Confirm: delete role Scratch" }).click();
    await page.getByRole("row").filter({ hasText: "Scratch" }).waitFor({ state: "detached" });
    expect(emu.state.roles.has("Scratch")).toBe(false);
  });

  it("without the login: a 401 page saying how to log in, and no API", { timeout: 60_000 }, async () => {
    // localhost is another host than 127.0.0.1 for cookies: the browser has no console cookie there.
    const other = await browser.context.newPage();
    const url = emu.url.replace("127.0.0.1", "localhost");
    const answer = await other.goto(`${url}/console#/roles`);
    expect(answer!.status()).toBe(401);
    await other.getByRole("heading", { level: 1, name: "Log in to the emulator console" }).waitFor();
    expect(await other.locator("body").textContent()).toContain("consoleUrl");
    const api = await other.evaluate(async () => {
      const r = await fetch("/console/api/overview", { headers: { "x-emulator-console": "1" } });
      return { status: r.status, text: await r.text() };
    });
    expect(api.status).toBe(401);
    expect(api.text).not.toContain("Lab-IAM-Anywhere");
    await screenshot(other, "login-required");
    await other.close();
  });

  it(
    "refuses a state change from another origin's page (same site, cookie sent) and one without the X-Emulator-Console header",
    { timeout: 60_000 },
    async () => {
      const hostile = await hostileSite(emu.url);
      const attacker = await browser.context.newPage();
      const failures: string[] = [];
      attacker.on("requestfailed", (request) => {
        if (request.url().includes("/console/api/")) failures.push(`${request.method()} ${request.failure()?.errorText}`);
      });
      try {
        await attacker.goto(hostile.url);
        const results = await attacker.evaluate(() => (window as unknown as { results: Promise<string[]> }).results);
        // The no-cors request reaches the emulator, which refuses it for its Origin (and the browser
        // hides even that answer from the page); the one with the custom header needs a CORS
        // preflight the console never grants, so it is never sent.
        expect(results).toEqual(["error: TypeError", "error: TypeError"]);
        // The first got an answer (refused for its Origin) that the browser withheld for its
        // Cross-Origin-Resource-Policy; the second failed its preflight.
        expect(failures.sort()).toEqual(["POST net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin", "POST net::ERR_FAILED"]);
      } finally {
        await attacker.close();
        await hostile.close();
      }
      const own = await page.evaluate(async () => {
        const r = await fetch("/console/api/call/iam/CreateRole", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ RoleName: "FromNoHeader", AssumeRolePolicyDocument: "{}" }),
        });
        return { status: r.status, text: await r.text() };
      });
      expect(own.status).toBe(403);
      expect(own.text).toContain("x-emulator-console");
      expect([...emu.state.roles.keys()].filter((name) => name.startsWith("From"))).toEqual([]);
    },
  );

  it(
    "shows markup in a certificate subject and a role description as text: nothing runs, no element is made",
    { timeout: 90_000 },
    async () => {
      const ca = await createTestCa({ subject: { CN: "<b id=injected-ca>Bold CA</b>" } });
      const cn = `<img id=injected src=x onerror="window.injected=1">`;
      const user = await issueTestCertificate({ issuer: ca, subject: { CN: cn } });
      const { row, anchor } = await pasteAnchor("Markup-Anchor", ca.certificatePem);
      // RFC 4514 escapes < and > in the subject; the characters are shown as they are.
      expect(await row.locator(".ca .subject").textContent()).toBe("CN=\\<b id=injected-ca\\>Bold CA\\</b\\>");
      await expect(testProvider(user, anchor.arn, LAB.roleOnlyThule)()).rejects.toMatchObject({ errorType: "AccessDeniedException" });
      await nav(page, "Activity");
      const denial = page.locator("article.entry").first();
      await poll(() => denial.locator(".summary").textContent()).toContain("Markup-Anchor");
      expect(await denial.locator(".summary").textContent()).toContain('CN=\\<img id=injected src=x onerror=\\"window.injected=1\\"\\>');
      // IAM's tag values cannot hold < > " : the certificate maps to no session tags, as AWS refuses it.
      expect(await denial.locator(".reason strong").textContent()).toBe("Failed check: Session tags");

      await nav(page, "Roles");
      await page.getByRole("button", { name: `Edit role ${LAB.roleAll}` }).click();
      const description = `<script>window.injected=2</script>`;
      await page.getByLabel("Description (optional)").fill(description);
      await page.getByRole("button", { name: "Save changes" }).click();
      await poll(() => emu.state.roles.get(LAB.roleAll)!.description).toBe(description);
      await page.getByRole("button", { name: `Edit role ${LAB.roleAll}` }).click();
      expect(await page.getByLabel("Description (optional)").inputValue()).toBe(description);
      await page.locator("form").getByRole("button", { name: "Cancel" }).click();

      expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();
      expect(await page.locator("#injected, #injected-ca, main img, main script").count()).toBe(0);
    },
  );

  it(
    "edits the profile: a custom session name accepted, the issuer no longer mapped; the next session shows both",
    { timeout: 60_000 },
    async () => {
      await nav(page, "Profiles");
      await page.getByRole("button", { name: "Edit profile Lab-IAM-Anywhere-Profile" }).click();
      await page.getByLabel("Accept a custom role session name (roleSessionName)").check();
      await page.getByLabel("Issuer (x509Issuer)").fill("");
      await page.getByLabel("Subject (x509Subject)").fill("CN");
      await page.getByRole("button", { name: "Save changes" }).click();
      // The console saves the profile, then each changed mapping: wait for the last.
      await poll(() => emu.state.profiles.get(ids.profileId)!.attributeMappings).toEqual(
        expect.arrayContaining([
          { certificateField: "x509Subject", mappingRules: [{ specifier: "CN" }] },
          { certificateField: "x509Issuer", mappingRules: [] },
        ]),
      );
      expect(emu.state.profiles.get(ids.profileId)!.acceptRoleSessionName).toBe(true);
      await page.getByRole("row").filter({ hasText: "Lab-IAM-Anywhere-Profile" }).getByText("custom session name accepted").waitFor();

      const davian = pki.clients["DavianThule"]!;
      expectComplete(
        await fromRolesAnywhere({
          ...arnsFromConfig(labConfig({ ...davian, role: LAB.roleOnlyThule, ...ids })),
          certificate: readFileSync(davian.certificateFile, "utf8"),
          privateKey: readFileSync(davian.privateKeyFile, "utf8"),
          roleSessionName: "davian-laptop",
          endpoint: emu.url,
          maxRetries: 0,
        })(),
      );
      await nav(page, "Activity");
      const entry = page.locator("article.entry").first();
      await poll(() => entry.getAttribute("class")).toContain("entry-ok");
      await entry.getByText("How it was allowed").click();
      await entry.getByText("the profile accepts the role session name davian-laptop", { exact: false }).waitFor();
      const tags = entry.getByRole("table", { name: "Principal tags" });
      expect(await tags.locator("tbody td code").allTextContents()).toEqual(["aws:PrincipalTag/x509Subject/CN"]);
    },
  );

  it(
    "STS calls appear too: GetCallerIdentity with the session's credentials, and a refused one with its reason",
    { timeout: 60_000 },
    async () => {
      const credentials = await provider("DavianThule", LAB.roleAll)();
      const sts = new STSClient({ region: "us-east-1", endpoint: emu.stsUrl, credentials, maxAttempts: 1 });
      const forged = new STSClient({
        region: "us-east-1",
        endpoint: emu.stsUrl,
        credentials: { ...credentials, secretAccessKey: "not-the-secret" },
        maxAttempts: 1,
      });
      try {
        expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toContain(`assumed-role/${LAB.roleAll}/`);
        await expect(forged.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
      } finally {
        sts.destroy();
        forged.destroy();
      }
      await nav(page, "Activity");
      const entries = page.locator("article.entry");
      await poll(() => entries.first().locator("header").textContent()).toContain("GetCallerIdentity 403 SignatureDoesNotMatch");
      expect(await entries.first().locator(".reason").textContent()).not.toBe("");
      expect(await entries.nth(1).locator("header").textContent()).toContain("GetCallerIdentity");
      expect(await entries.nth(1).getAttribute("class")).toContain("entry-ok");
    },
  );

  it("is usable from the keyboard: skip link, navigation links, focus on each page's heading", { timeout: 60_000 }, async () => {
    const fresh = await browser.context.newPage();
    await fresh.goto(`${emu.url}/console#/roles`);
    await fresh.getByRole("heading", { level: 1, name: "Roles" }).waitFor();
    await fresh.keyboard.press("Tab");
    expect(await fresh.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await fresh.keyboard.press("Enter");
    expect(await fresh.evaluate(() => document.activeElement?.id)).toBe("main");
    await fresh.close();
    await page.getByRole("link", { name: "Profiles", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Profiles" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Profiles");
    expect(await page.getByRole("link", { name: "Profiles", exact: true }).getAttribute("aria-current")).toBe("page");
    expect(realErrors(errors)).toEqual([]);
  });

  it("loaded nothing from the network: every request of the console's page went to the emulator", () => {
    expect([...requested]).toEqual([emu.url]);
  });
});
