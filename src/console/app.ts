/**
 * The emulator console's front end: plain TypeScript and the DOM, bundled into
 * `dist/console/app.js` (and `app.css`) and served by the emulator at `/console`.
 * @module
 */
import "./app.css";
import { copyButton } from "./components";
import { ActivityFeed, type AppContext, type Page } from "./context";
import { el, replace } from "./dom";
import { connectLive } from "./live";
import { activityPage } from "./pages/activity";
import { crlsPage } from "./pages/crls";
import { profilesPage } from "./pages/profiles";
import { rolesPage } from "./pages/roles";
import { trustAnchorsPage } from "./pages/trustAnchors";
import { tryCertificatePage } from "./pages/tryCertificate";
import { Store } from "./store";

const PAGES: readonly Page[] = [rolesPage, trustAnchorsPage, profilesPage, crlsPage, activityPage, tryCertificatePage];

function start(): void {
  const app: AppContext = { store: new Store(), feed: new ActivityFeed() };
  const environment = el("div", { class: "environment" });
  const live = el("span", { class: "live-status", role: "status" }, "Connecting…");
  const links = PAGES.map((page) => el("a", { href: `#/${page.route}`, "data-route": page.route }, page.title));
  const main = el("main", { id: "main", tabindex: "-1" });
  const loadError = el("div", { class: "error-box", role: "alert", hidden: true });
  document.body.append(
    el("a", { class: "skip-link", href: "#main", onclick: (e) => (e.preventDefault(), main.focus()) }, "Skip to content"),
    el("header", { class: "topbar" }, el("span", { class: "brand" }, "IAM Roles Anywhere emulator"), environment, live),
    el(
      "div",
      { class: "layout" },
      el("nav", { "aria-label": "Console pages" }, el("ul", {}, ...links.map((a) => el("li", {}, a)))),
      el("div", { class: "content" }, loadError, main),
    ),
    el("div", { id: "console-status", class: "toast", role: "status", "aria-live": "polite" }),
  );

  let unmount: (() => void) | undefined;
  // On a move between pages, focus goes to the new page's heading (a screen reader announces it);
  // on the first load it stays at the top of the document, where the skip link is.
  const show = (moved: boolean) => {
    const route = location.hash.replace(/^#\/?/, "") || PAGES[0]!.route;
    const page = PAGES.find((p) => p.route === route) ?? PAGES[0]!;
    unmount?.();
    replace(main);
    for (const a of links) {
      if (a.dataset["route"] === page.route) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    document.title = `${page.title} — Roles Anywhere emulator console`;
    unmount = page.mount(main, app);
    if (moved) main.querySelector<HTMLElement>("h1")?.focus();
  };
  window.addEventListener("hashchange", () => show(true));

  app.store.subscribe((overview) => {
    replace(
      environment,
      `account ${overview.accountId} · ${overview.region} · endpoint `,
      el("code", {}, overview.url),
      copyButton(overview.url, "endpoint URL"),
    );
  });
  app.store.refresh().then(
    () => (loadError.hidden = true),
    (error: unknown) => {
      loadError.textContent = `The console could not load the emulator's state: ${error instanceof Error ? error.message : String(error)}. Open the login link again.`;
      loadError.hidden = false;
    },
  );
  connectLive({
    onActivity: (entry) => app.feed.add(entry),
    onChange: () => app.store.refreshSoon(),
    onStatus: (connected) => {
      live.textContent = connected ? "● Live" : "Reconnecting…";
      live.classList.toggle("offline", !connected);
    },
  });
  show(false);
}

start();
