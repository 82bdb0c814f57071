/** Provider options for the reliability suites: the shared test leaf, fixed ARNs, an endpoint. */
import { vi } from "vitest";
import { type RolesAnywhereCredentialProvider, fromRolesAnywhere } from "../../src";
import type { FromRolesAnywhereInit } from "../../src/options/options";
import { RETRY_HOOKS } from "../../src/transport/retryHooks";
import type { FetchLike } from "../../src/transport/transport";
import { ARNS, testLeaf } from "./fixtures";
import { createSessionBody, fakeCredentials } from "./stubServers";

let leaf: ReturnType<typeof testLeaf> | undefined;

/** Options pointing at `endpoint`, with a P-256 leaf issued by the shared test CA. */
export const initFor = async (endpoint: string, extra: Partial<FromRolesAnywhereInit> = {}): Promise<FromRolesAnywhereInit> => {
  const { certificatePem, key } = await (leaf ??= testLeaf());
  return { ...ARNS, endpoint, certificate: certificatePem, privateKey: key.privateKeyPem, ...extra };
};

/** A CreateSession success body valid for `ttlSeconds` from now. */
export const successBody = (ttlSeconds = 3600): string => createSessionBody(fakeCredentials(new Date(Date.now() + ttlSeconds * 1000)));

/** A CreateSession body with `credentials` replaced (to drop or spoil a field). */
export const bodyWithCredentials = (credentials: Record<string, unknown>): string =>
  JSON.stringify({ credentialSet: [{ credentials, roleArn: ARNS.roleArn }] });

/**
 * Fakes `Date` (only), set to a whole second (the wire format of `expiration`), and returns a
 * provider whose `fetch` answers at once with 1-hour credentials, recording the time of each
 * request. `random` is every jitter draw. The test restores the clock with `vi.useRealTimers()`.
 */
export const providerOnFakeDate = async (
  random: number,
): Promise<{ start: number; provider: RolesAnywhereCredentialProvider; requests: number[] }> => {
  const start = Math.floor(Date.now() / 1000) * 1000;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(start);
  const requests: number[] = [];
  const fetch: FetchLike = async () => {
    requests.push(Date.now());
    const body = successBody(3600);
    return { status: 201, headers: {}, text: async () => body };
  };
  const provider = fromRolesAnywhere({
    ...(await initFor("http://127.0.0.1:9", { fetch })),
    [RETRY_HOOKS]: { random: () => random },
  } as never);
  return { start, provider, requests };
};
