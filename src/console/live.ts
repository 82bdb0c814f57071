import type { ActivityEntry } from "../emulator/console/apiTypes";

/** What the live stream tells its listeners. @internal */
export interface LiveListeners {
  onActivity(entry: ActivityEntry): void;
  onChange(): void;
  onStatus(connected: boolean): void;
}

/**
 * The emulator's live event stream (server-sent events at `/console/api/events`): each request
 * the emulator answers (`activity`), and each change of its state (`change`). The browser
 * reconnects by itself and resumes after the last event it saw.
 * @internal
 */
export function connectLive(listeners: LiveListeners): () => void {
  const source = new EventSource("/console/api/events");
  source.addEventListener("activity", (event) => {
    try {
      listeners.onActivity(JSON.parse((event as MessageEvent<string>).data) as ActivityEntry);
    } catch {
      // a malformed event is skipped
    }
  });
  source.addEventListener("change", () => listeners.onChange());
  source.addEventListener("open", () => listeners.onStatus(true));
  source.addEventListener("error", () => listeners.onStatus(false));
  return () => source.close();
}
