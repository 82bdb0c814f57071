import type { Overview } from "../emulator/console/apiTypes";
import { describeFailure } from "./api";
import { announce, errorBox, pageHeader, panel } from "./components";
import type { AppContext } from "./context";
import { el, replace } from "./dom";

/** Where a page shows the failure of an action taken from its list. @internal */
export type PageError = ReturnType<typeof errorBox>;

/**
 * Runs an action taken from a page's list (enable, disable, delete): clears the page's error,
 * runs it, announces `done`, reloads the state; a failure (the service's code and message) shows
 * in `pageError`.
 * @internal
 */
export async function runAction(app: AppContext, pageError: PageError, action: () => Promise<unknown>, done: string): Promise<void> {
  pageError.show(undefined);
  try {
    await action();
    announce(done);
    await app.store.refresh();
  } catch (failure) {
    pageError.show(describeFailure(failure));
  }
}

/** The Disable (when `enabled`) or Enable button of a resource; `what` names it ("profile Lab"). @internal */
export const toggleButton = (enabled: boolean, what: string, toggle: (enable: boolean) => void): HTMLButtonElement =>
  el(
    "button",
    { type: "button", class: "secondary", "aria-label": `${enabled ? "Disable" : "Enable"} ${what}`, onclick: () => toggle(!enabled) },
    enabled ? "Disable" : "Enable",
  );

/** A page's create/edit form. @internal */
export interface ResourceForm<T> {
  readonly form: HTMLElement;
  /** Fills the form for `item` (to edit it) or empties it (to create one). */
  open(item?: T): void;
  /** Takes the latest state (choices that depend on other resources). */
  update?(overview: Overview): void;
}

/** What {@link mountResourcePage} builds a page from. @internal */
export interface ResourcePageSpec<T> {
  readonly title: string;
  readonly lead: string;
  /** The create button's and the form panel's title, e.g. "Create role". */
  readonly createLabel: string;
  /** The form panel's title when editing `item`; pages without editing leave it out. */
  readonly editTitle?: (item: T) => string;
  /** Builds the form; it calls `close` when done or cancelled. */
  readonly form: (close: () => void) => ResourceForm<T>;
  /** The list of resources for one state; `open(item)` edits one. */
  readonly list: (overview: Overview, open: (item?: T) => void, pageError: PageError) => HTMLElement;
}

/**
 * Mounts a resource page (roles, trust anchors, profiles, CRLs): heading, a create button that
 * opens the form panel, the page's error box and the list, redrawn on every state change.
 * Returns the unmount function.
 * @internal
 */
export function mountResourcePage<T>(main: HTMLElement, app: AppContext, spec: ResourcePageSpec<T>): () => void {
  const formPanel = panel(spec.createLabel);
  const list = el("div", { class: "list" });
  const pageError = errorBox();
  const form = spec.form(() => {
    formPanel.node.hidden = true;
    createButton.focus();
  });
  formPanel.body.append(form.form);
  const open = (item?: T) => {
    formPanel.heading.textContent = item !== undefined && spec.editTitle ? spec.editTitle(item) : spec.createLabel;
    formPanel.node.hidden = false;
    form.open(item);
  };
  const createButton = el("button", { type: "button", class: "primary", onclick: () => open() }, spec.createLabel);
  main.append(pageHeader(spec.title, spec.lead), el("div", { class: "toolbar" }, createButton), formPanel.node, pageError.node, list);
  return app.store.subscribe((overview) => {
    form.update?.(overview);
    replace(list, spec.list(overview, open, pageError));
  });
}
