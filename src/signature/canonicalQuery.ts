import { uriEncode } from "./uriEncode";

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds the SigV4 canonical query string: each name and value URI-encoded, pairs
 * sorted by encoded name then value, joined with `&`. Empty when there are none.
 *
 * @public
 */
export const getCanonicalQuery = (params: Iterable<readonly [string, string]>): string =>
  Array.from(params, ([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort((a, b) => byCodePoint(a[0], b[0]) || byCodePoint(a[1], b[1]))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");

const decodeComponent = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, "%20"));
  } catch {
    return text;
  }
};

/**
 * Turns a received query string (`a=b&c=d`, with or without a leading `?`) into its
 * canonical form, as a verifier does before checking a signature.
 *
 * @public
 */
export const canonicalQueryFromSearch = (search: string): string => {
  const text = search.startsWith("?") ? search.slice(1) : search;
  if (text === "") return "";
  const pairs = text
    .split("&")
    .filter((part) => part !== "")
    .map((part) => {
      const eq = part.indexOf("=");
      return eq < 0
        ? ([decodeComponent(part), ""] as const)
        : ([decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))] as const);
    });
  return getCanonicalQuery(pairs);
};
