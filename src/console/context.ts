import type { ActivityEntry } from "../emulator/console/apiTypes";
import type { Store } from "./store";

/** Entries the Activity page keeps (as the emulator does). @internal */
export const FEED_CAPACITY = 500;

/** The live activity the console has received, newest first. @internal */
export class ActivityFeed {
  readonly #entries: ActivityEntry[] = [];
  readonly #listeners = new Set<(entry: ActivityEntry | undefined) => void>();

  /** Newest first. */
  get entries(): readonly ActivityEntry[] {
    return this.#entries;
  }

  add(entry: ActivityEntry): void {
    if (this.#entries.some((e) => e.id === entry.id)) return; // replayed after a reconnection
    this.#entries.unshift(entry);
    this.#entries.sort((a, b) => b.id - a.id);
    if (this.#entries.length > FEED_CAPACITY) this.#entries.length = FEED_CAPACITY;
    for (const listener of this.#listeners) listener(entry);
  }

  /** `listener(entry)` for each new entry; returns the unsubscribe function. */
  subscribe(listener: (entry: ActivityEntry | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** What every page works with. @internal */
export interface AppContext {
  readonly store: Store;
  readonly feed: ActivityFeed;
}

/** A page of the console: mounted into `<main>`, unmounted when the user goes elsewhere. @internal */
export interface Page {
  /** The hash route, e.g. `roles` for `#/roles`. */
  readonly route: string;
  readonly title: string;
  mount(main: HTMLElement, app: AppContext): () => void;
}
