/**
 * AWS SDK v3 keeps its own copy of credentials from a plain function and asks again only 5 minutes
 * before expiry. The provider is marked `memoized`, so an SDK client asks it on every request and
 * the refresh point the cache drew (here 10 minutes before expiry) is the one that counts.
 */
import { STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { providerOnFakeDate } from "../support/providerInit";

const MINUTE = 60_000;

afterEach(() => {
  vi.useRealTimers();
});

describe("the provider inside an SDK v3 client", () => {
  it("is asked on every request, so it refreshes at its own refresh point, before the SDK's 5-minute window", async () => {
    const { start, provider, requests } = await providerOnFakeDate(0.5);
    const client = new STSClient({ region: "us-east-1", credentials: provider });
    const credentials = client.config.credentials as unknown as () => Promise<{ expiration?: Date }>;
    try {
      const first = (await credentials()).expiration!.getTime();
      const current = async () => (await credentials()).expiration!.getTime();
      vi.setSystemTime(start + 49 * MINUTE);
      expect(await current()).toBe(first);
      expect(requests).toHaveLength(1);
      vi.setSystemTime(start + 51 * MINUTE); // 9 minutes left: the SDK's own cache would not ask yet
      expect(await current()).toBe(first); // served at once, refreshed in the background
      await vi.waitFor(() => expect(requests).toHaveLength(2));
      await vi.waitFor(async () => expect(await current()).toBeGreaterThan(first));
    } finally {
      client.destroy();
    }
  });
});
