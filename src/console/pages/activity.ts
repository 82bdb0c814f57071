import type { ActivityEntry } from "../../emulator/console/apiTypes";
import { badge, checkbox, pageHeader } from "../components";
import type { Page } from "../context";
import { decisionView } from "../decisionView";
import { el, replace } from "../dom";
import { CHECK_LABELS, formatTime, isSessionOrSts, outcomeOf } from "../format";

const roleNameOf = (arn: string | undefined): string | undefined => arn?.slice(arn.lastIndexOf("/") + 1);

function entryView(entry: ActivityEntry): HTMLElement {
  const { event } = entry;
  const outcome = outcomeOf(event);
  const d = event.decision;
  const failed = d?.checks.find((c) => !c.passed);
  const facts: [string, string][] = [];
  if (d?.certificate) facts.push(["Certificate", `${d.certificate.subject} (serial ${d.certificate.serialHex})`]);
  if (d?.trustAnchorArn) facts.push(["Trust anchor", d.trustAnchorName ?? d.trustAnchorArn]);
  if (d?.profileArn) facts.push(["Profile", d.profileName ?? d.profileArn]);
  if (d?.roleArn) facts.push(["Role", roleNameOf(d.roleArn) ?? d.roleArn]);
  return el(
    "article",
    { class: `entry entry-${outcome.tone}`, "data-entry-id": entry.id, "aria-label": `${event.operation} ${outcome.label}` },
    el(
      "header",
      {},
      el("time", { datetime: entry.time }, formatTime(entry.time)),
      " ",
      el("strong", { class: "operation" }, event.operation),
      " ",
      badge(outcome.label, outcome.tone),
    ),
    facts.length > 0 ? el("dl", { class: "summary" }, ...facts.map(([k, v]) => el("div", {}, el("dt", {}, k), el("dd", {}, v)))) : null,
    event.message && event.status >= 400 ? el("p", { class: "message" }, `${event.errorType ?? "Error"}: ${event.message}`) : null,
    failed
      ? el("p", { class: "reason" }, el("strong", {}, `Failed check: ${CHECK_LABELS[failed.check]}`), " — ", failed.detail)
      : event.reason
        ? el("p", { class: "reason" }, event.reason)
        : null,
    d
      ? el("details", { open: !d.allowed }, el("summary", {}, d.allowed ? "How it was allowed" : "Why it was denied"), decisionView(d))
      : null,
  );
}

/** Activity: every request the emulator answers, newest first, live; a denial's exact reason. @internal */
export const activityPage: Page = {
  route: "activity",
  title: "Activity",
  mount(main, app) {
    const controlPlane = checkbox("Show control-plane calls (IAM, Roles Anywhere and ACM PCA APIs)", false);
    const deniedOnly = checkbox("Only refused requests", false);
    const count = el("p", { class: "muted", "aria-live": "polite" });
    const list = el("div", { class: "entries" });
    const shows = (entry: ActivityEntry) =>
      (controlPlane.input.checked || isSessionOrSts(entry.event)) && (!deniedOnly.input.checked || entry.event.status >= 400);
    const render = () => {
      const shown = app.feed.entries.filter(shows);
      replace(
        list,
        ...(shown.length === 0
          ? [
              el(
                "p",
                { class: "empty" },
                "No requests yet. Get credentials with the lab's certificates (roles-anywhere credential-process …) and they appear here at once.",
              ),
            ]
          : shown.map(entryView)),
      );
      count.textContent = `${shown.length} of ${app.feed.entries.length} requests shown, newest first.`;
    };
    controlPlane.input.addEventListener("change", render);
    deniedOnly.input.addEventListener("change", render);
    main.append(
      pageHeader("Activity", "Every CreateSession and STS call, newest first and live, with the exact reason for each denial."),
      el("div", { class: "toolbar filters", role: "group", "aria-label": "Filters" }, controlPlane.row, deniedOnly.row),
      count,
      list,
    );
    render();
    return app.feed.subscribe(render);
  },
};
