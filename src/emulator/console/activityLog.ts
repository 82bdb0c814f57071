import type { EmulatorEvent } from "../types";
import type { ActivityEntry } from "./apiTypes";

/** Entries the Activity page can show (older ones are dropped). @internal */
export const ACTIVITY_CAPACITY = 500;

/** What a subscriber hears: a new entry, or that the state changed (pages reload their lists). @internal */
export type ActivityMessage = { readonly kind: "activity"; readonly entry: ActivityEntry } | { readonly kind: "change" };

/**
 * The emulator's recent requests for the console: a ring buffer of at most `capacity` entries
 * (ids increase from 1), and subscribers (the live event streams) told of each new entry and of
 * state changes. A subscriber that throws is dropped.
 * @internal
 */
export class ActivityLog {
  readonly #entries: ActivityEntry[] = [];
  readonly #listeners = new Set<(message: ActivityMessage) => void>();
  #next = 1;

  constructor(
    private readonly now: () => Date,
    private readonly capacity = ACTIVITY_CAPACITY,
  ) {}

  /** Adds an event, stamped with the emulator's clock, and tells the subscribers. */
  record(event: EmulatorEvent): ActivityEntry {
    const entry: ActivityEntry = { id: this.#next++, time: this.now().toISOString(), event };
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
    this.#publish({ kind: "activity", entry });
    return entry;
  }

  /** Tells the subscribers that the state changed. */
  changed(): void {
    this.#publish({ kind: "change" });
  }

  /** The entries after `afterId` (all by default), oldest first. */
  since(afterId = 0): ActivityEntry[] {
    return this.#entries.filter((e) => e.id > afterId);
  }

  /** Newest first. */
  newestFirst(): ActivityEntry[] {
    return [...this.#entries].reverse();
  }

  get subscribers(): number {
    return this.#listeners.size;
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (message: ActivityMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #publish(message: ActivityMessage): void {
    for (const listener of this.#listeners) {
      try {
        listener(message);
      } catch {
        this.#listeners.delete(listener);
      }
    }
  }
}
