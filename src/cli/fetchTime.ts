import type { FetchLike } from "../transport/transport";

/**
 * Learns when credentials were fetched, for IMDS's `LastUpdated`: wraps the transport to note the
 * time of each successful (2xx) CreateSession response, and dates every credentials object the
 * first time it is seen with the latest such time (a cached provider returns the same object
 * until it refreshes, so an object seen later keeps its fetch time).
 * @internal
 */
export function trackFetchTime(
  fetch: FetchLike,
  now: () => Date = () => new Date(),
): {
  readonly fetch: FetchLike;
  fetchedAt(credentials: object): Date;
} {
  let lastSuccess: Date | undefined;
  const dated = new WeakMap<object, Date>();
  return {
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      if (response.status >= 200 && response.status < 300) lastSuccess = now();
      return response;
    },
    fetchedAt(credentials) {
      let at = dated.get(credentials);
      if (at === undefined) {
        at = lastSuccess ?? now();
        dated.set(credentials, at);
      }
      return at;
    },
  };
}
