/**
 * Debian's chromium driven by playwright-core for the console's browser tests. Nothing is ever
 * downloaded: the browser is /usr/bin/chromium (`apt-get install chromium`, as .ci/run does),
 * started headless with a fresh profile and without background networking.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";

/** Debian's chromium. */
export const CHROMIUM = "/usr/bin/chromium";

/** Why the browser tests are skipped, or undefined when chromium is installed. */
export const chromiumMissing: string | undefined = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is not installed (Debian: apt-get install chromium; .ci/run installs it)`;

/** Where the browser tests save their screenshots (a test artifact, never committed). */
export const SCREENSHOT_DIR = fileURLToPath(new URL("../../.tmp/console-screenshots/", import.meta.url));

/** A headless chromium with a fresh user-data-dir; `close()` ends it and removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "console-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot of `page` as `.tmp/console-screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** What `pageErrors` needs of a page: playwright-core's and puppeteer-core's pages both have it. */
export interface ErrorEvents {
  on(event: "pageerror", listener: (error: unknown) => void): unknown;
  on(event: "console", listener: (message: unknown) => void): unknown;
}

/** Collects the page's script errors (a test asserts there are none). */
export function pageErrors(page: ErrorEvents): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error instanceof Error ? error.message : String(error)));
  page.on("console", (event) => {
    const message = event as { type(): string; text(): string }; // both libraries' console messages
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

/** Script errors of a page, without the browser's own "Failed to load resource" for an API's 4xx answer. */
export const realErrors = (errors: string[]) => errors.filter((e) => !e.startsWith("Failed to load resource"));

/** `expect.poll` with room for a loaded machine (its default gives up after one second). */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });
