import type { PolicyExplanation, SessionDecision } from "../emulator/console/apiTypes";
import { badge } from "./components";
import { el } from "./dom";
import { CHECK_LABELS, conditionCells, formatTime } from "./format";

const mark = (ok: boolean) => el("span", { class: ok ? "mark pass" : "mark fail", "aria-hidden": "true" }, ok ? "✓" : "✗");
const verdictWord = (ok: boolean) => el("span", { class: "visually-hidden" }, ok ? "passed: " : "failed: ");

function checksList(decision: SessionDecision): HTMLElement {
  return el(
    "ol",
    { class: "checks" },
    ...decision.checks.map((c) =>
      el(
        "li",
        { class: c.passed ? "pass" : "fail", "data-check": c.check },
        mark(c.passed),
        verdictWord(c.passed),
        el("strong", {}, CHECK_LABELS[c.check]),
        " — ",
        c.detail,
      ),
    ),
  );
}

function tagsTable(tags: Readonly<Record<string, string>>): HTMLElement {
  const entries = Object.entries(tags);
  if (entries.length === 0) return el("p", { class: "muted" }, "The certificate produced no session tags.");
  return el(
    "table",
    { class: "compact" },
    el("caption", { class: "visually-hidden" }, "Principal tags"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Condition key"), el("th", { scope: "col" }, "Value"))),
    el(
      "tbody",
      {},
      ...entries.map(([key, value]) => el("tr", {}, el("td", {}, el("code", {}, `aws:PrincipalTag/${key}`)), el("td", {}, value))),
    ),
  );
}

function policyView(policy: PolicyExplanation): HTMLElement {
  return el(
    "div",
    { class: "policy" },
    el(
      "p",
      {},
      ...policy.decisions.flatMap((d, i) => [
        i > 0 ? " · " : "",
        el("code", {}, d.action),
        " ",
        badge(d.decision, d.decision === "Allow" ? "ok" : "denied"),
      ]),
    ),
    ...policy.statements.map((s) =>
      el(
        "section",
        { class: "statement", "data-statement": s.index },
        el("h4", {}, `Statement[${s.index}]${s.sid ? ` (${s.sid})` : ""}: ${s.effect}`),
        el(
          "ul",
          { class: "plain" },
          el("li", {}, mark(s.principalMatched), verdictWord(s.principalMatched), "Principal rolesanywhere.amazonaws.com"),
          el(
            "li",
            {},
            mark(s.actionsMatched.length > 0),
            verdictWord(s.actionsMatched.length > 0),
            `Actions covered: ${s.actionsMatched.length ? s.actionsMatched.join(", ") : "none of the required ones"}`,
          ),
          s.conditions.length === 0 ? el("li", {}, mark(true), verdictWord(true), "No condition") : null,
        ),
        s.conditions.length === 0
          ? null
          : el(
              "table",
              { class: "compact conditions" },
              el("caption", { class: "visually-hidden" }, `Conditions of statement ${s.index}`),
              el(
                "thead",
                {},
                el(
                  "tr",
                  {},
                  ...["Operator", "Condition key", "Request value", "Policy value", "Result"].map((h) => el("th", { scope: "col" }, h)),
                ),
              ),
              el(
                "tbody",
                {},
                ...s.conditions.map((c) => {
                  const cells = conditionCells(c);
                  return el(
                    "tr",
                    { class: c.passed ? "pass" : "fail" },
                    el("td", {}, cells.operator),
                    el("td", {}, el("code", {}, cells.key)),
                    el("td", { class: "request-value" }, cells.request),
                    el("td", {}, cells.policy),
                    el("td", {}, mark(c.passed), " ", cells.result),
                  );
                }),
              ),
            ),
      ),
    ),
  );
}

/**
 * A CreateSession decision: every check (the failed one last), the certificate, the principal
 * tags it produced, and the trust policy statement by statement with each condition's request
 * and policy values. All text goes in as text.
 * @internal
 */
export function decisionView(decision: SessionDecision): HTMLElement {
  const c = decision.certificate;
  return el(
    "div",
    { class: "decision" },
    el("h3", {}, "Checks"),
    checksList(decision),
    c
      ? el(
          "div",
          {},
          el("h3", {}, "Certificate"),
          el(
            "dl",
            { class: "facts" },
            el("dt", {}, "Subject"),
            el("dd", { class: "subject" }, c.subject),
            el("dt", {}, "Issuer"),
            el("dd", {}, c.issuer),
            el("dt", {}, "Serial (hex)"),
            el("dd", {}, el("code", {}, c.serialHex)),
            el("dt", {}, "Valid"),
            el("dd", {}, `${formatTime(c.notBefore)} to ${formatTime(c.notAfter)}`),
            ...(decision.path ? [el("dt", {}, "Path"), el("dd", {}, decision.path.join(" → "))] : []),
          ),
        )
      : null,
    decision.principalTags ? el("div", {}, el("h3", {}, "Principal tags from the certificate"), tagsTable(decision.principalTags)) : null,
    decision.trustPolicy ? el("div", {}, el("h3", {}, "Trust policy"), policyView(decision.trustPolicy)) : null,
  );
}
