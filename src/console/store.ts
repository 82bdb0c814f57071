import type { Overview } from "../emulator/console/apiTypes";
import { getOverview } from "./api";

/**
 * The latest overview of the emulator's state, shared by the pages: `refresh()` fetches it
 * again (after a change the console made, or one the live stream announced) and tells every
 * subscriber when it changed.
 * @internal
 */
export class Store {
  #overview: Overview | undefined;
  #text = "";
  readonly #listeners = new Set<(overview: Overview) => void>();
  #pending: Promise<Overview> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  get overview(): Overview | undefined {
    return this.#overview;
  }

  /** Calls `listener` now (when loaded) and after every refresh; returns the unsubscribe function. */
  subscribe(listener: (overview: Overview) => void): () => void {
    this.#listeners.add(listener);
    if (this.#overview) listener(this.#overview);
    return () => this.#listeners.delete(listener);
  }

  /** Fetches the overview now (one request at a time). */
  refresh(): Promise<Overview> {
    this.#pending ??= getOverview()
      .then((overview) => {
        // An unchanged state is not rendered again: a re-render would undo what the user is doing
        // (a delete waiting for its confirmation, the focus on a button).
        const text = JSON.stringify(overview);
        if (text === this.#text) return this.#overview!;
        this.#text = text;
        this.#overview = overview;
        for (const listener of this.#listeners) listener(overview);
        return overview;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }

  /** Refreshes soon, once for a burst of changes (many sessions in a row). */
  refreshSoon(delayMs = 300): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.refresh().catch(() => undefined);
    }, delayMs);
  }
}
