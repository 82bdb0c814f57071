/**
 * Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi for the console's Firefox smoke
 * test. Nothing is ever downloaded: the browser is /usr/bin/firefox-esr (`apt-get install
 * firefox-esr`, as .ci/run does), started headless with a fresh profile whose preferences turn off
 * updates, telemetry and other background networking.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";

/** Debian's Firefox ESR. */
export const FIREFOX = "/usr/bin/firefox-esr";

/** Why the Firefox test is skipped, or undefined when firefox-esr is installed. */
export const firefoxMissing: string | undefined = existsSync(FIREFOX)
  ? undefined
  : `${FIREFOX} is not installed (Debian: apt-get install firefox-esr; .ci/run installs it)`;

/** Preferences of the fresh profile: no update checks, telemetry, captive-portal or remote settings traffic. */
const QUIET_PREFS: Record<string, string | number | boolean> = {
  "app.update.auto": false,
  "app.update.enabled": false,
  "app.normandy.enabled": false,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "browser.search.update": false,
  "browser.shell.checkDefaultBrowser": false,
  "datareporting.healthreport.uploadEnabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "extensions.update.enabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "network.dns.disablePrefetch": true,
  "network.prefetch-next": false,
  "services.settings.server": "http://127.0.0.1:9/",
  "toolkit.telemetry.enabled": false,
};

/** A headless Firefox with a fresh profile; `close()` ends it and removes the profile. */
export async function launchFirefox(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "console-firefox-"));
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: QUIET_PREFS,
    defaultViewport: { width: 1280, height: 800 },
    // puppeteer gives a browser 30 s to start; on a loaded machine (the whole suite on 2 cores)
    // Firefox can take longer. The spec's beforeAll allows 120 s.
    timeout: 100_000,
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
