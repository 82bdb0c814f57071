import { el, replace, uid, type Child } from "./dom";

/** Says `message` to screen readers and shows it briefly (the page's status line). @internal */
export function announce(message: string): void {
  const status = document.getElementById("console-status");
  if (!status) return;
  replace(status, message);
  status.classList.add("visible");
  window.setTimeout(() => status.classList.remove("visible"), 2500);
}

async function copyText(value: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    const area = el("textarea", { "aria-hidden": "true", class: "offscreen", readonly: true });
    area.value = value;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

/** A button that copies `value`; `what` names it for its label ("Copy ARN"). @internal */
export function copyButton(value: string, what: string): HTMLButtonElement {
  const button = el(
    "button",
    { type: "button", class: "copy", "aria-label": `Copy ${what}`, title: `Copy ${what}`, "data-copy": value },
    "Copy",
  );
  button.addEventListener("click", async () => {
    const ok = await copyText(value);
    button.textContent = ok ? "Copied" : "Copy failed";
    announce(ok ? `${what} copied` : `Could not copy the ${what}`);
    window.setTimeout(() => (button.textContent = "Copy"), 1500);
  });
  return button;
}

/** A value in monospace with its copy button. @internal */
export const copyable = (value: string, what: string): HTMLElement =>
  el("span", { class: "copyable" }, el("code", {}, value), copyButton(value, what));

/** A resource's ID and ARN, each with its copy button (`what`: "trust anchor Lab-Anchor"). @internal */
export const identifiers = (id: string, arn: string, what: string): HTMLElement =>
  el(
    "dl",
    { class: "ids" },
    el("dt", {}, "ID"),
    el("dd", {}, copyable(id, `ID of ${what}`)),
    el("dt", {}, "ARN"),
    el("dd", {}, copyable(arn, `ARN of ${what}`)),
  );

/** A status badge: `tone` picks the colour. @internal */
export const badge = (text: string, tone: "ok" | "off" | "denied" | "error" | "info"): HTMLElement =>
  el("span", { class: `badge badge-${tone}` }, text);

/** A labelled control: the label, the control, an optional hint (linked by aria-describedby). @internal */
export function field(label: string, control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, hint?: string): HTMLElement {
  control.id ||= uid("field");
  const hintNode = hint ? el("p", { class: "hint", id: `${control.id}-hint` }, hint) : undefined;
  if (hintNode) control.setAttribute("aria-describedby", hintNode.id);
  return el("div", { class: "field" }, el("label", { for: control.id }, label), control, hintNode);
}

/** A checkbox with its label after it. @internal */
export function checkbox(
  label: string,
  checked: boolean,
  props: Record<string, string> = {},
): { row: HTMLElement; input: HTMLInputElement } {
  const input = el("input", { type: "checkbox", id: uid("check"), ...props });
  input.checked = checked;
  return { row: el("div", { class: "check" }, input, el("label", { for: input.id }, label)), input };
}

/** A place for an operation's error, read out when it appears. @internal */
export function errorBox(): { node: HTMLElement; show(message: string | undefined): void } {
  const node = el("div", { class: "error-box", role: "alert", hidden: true });
  return {
    node,
    show(message) {
      replace(node, message ?? "");
      node.hidden = message === undefined;
    },
  };
}

/** A button that asks once more before it acts ("Delete" → "Confirm delete" / "Cancel"). @internal */
export function confirmButton(label: string, what: string, action: () => Promise<void>): HTMLElement {
  const holder = el("span", { class: "confirm" });
  const first = el("button", { type: "button", class: "danger", "aria-label": `${label} ${what}` }, label);
  const reset = () => replace(holder, first);
  first.addEventListener("click", () => {
    const yes = el(
      "button",
      { type: "button", class: "danger", "aria-label": `Confirm: ${label.toLowerCase()} ${what}` },
      `Confirm ${label.toLowerCase()}`,
    );
    const no = el("button", { type: "button", class: "secondary" }, "Cancel");
    yes.addEventListener("click", async () => {
      yes.disabled = true;
      try {
        await action();
      } finally {
        reset();
      }
    });
    no.addEventListener("click", () => {
      reset();
      first.focus();
    });
    replace(holder, yes, no);
    yes.focus();
  });
  reset();
  return holder;
}

/** A table with a caption, column headers and rows of cells; `empty` when there are no rows. @internal */
export function table(caption: string, headers: readonly string[], rows: readonly (readonly Child[])[], empty: string): HTMLElement {
  if (rows.length === 0) return el("p", { class: "empty" }, empty);
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      {},
      el("caption", { class: "visually-hidden" }, caption),
      el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((cell) => el("td", {}, cell))))),
    ),
  );
}

/** The top of a page: its heading (focused on navigation) and a lead paragraph. @internal */
export const pageHeader = (title: string, lead: string): HTMLElement =>
  el("header", { class: "page-header" }, el("h1", { tabindex: "-1" }, title), el("p", { class: "lead" }, lead));

/** A collapsible panel holding a form (opened by the page's create or edit buttons). @internal */
export function panel(title: string): { node: HTMLElement; heading: HTMLElement; body: HTMLElement } {
  const heading = el("h2", {}, title);
  const body = el("div", { class: "panel-body" });
  return { node: el("section", { class: "panel", hidden: true }, heading, body), heading, body };
}

/** Reads an uploaded file's bytes. @internal */
export const fileBytes = async (input: HTMLInputElement): Promise<Uint8Array | undefined> => {
  const file = input.files?.[0];
  return file ? new Uint8Array(await file.arrayBuffer()) : undefined;
};
