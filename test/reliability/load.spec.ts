/**
 * Load: 10,000 concurrent credential look-ups across 50 SDK v3 clients sharing one provider
 * make exactly one CreateSession, and every client then signs with those credentials.
 */
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromRolesAnywhere } from "../../src";
import { startTestEmulator } from "../support/testEmulator";
import { expectComplete, guardUnhandledRejections } from "../support/guards";
import { initFor } from "../support/providerInit";

guardUnhandledRejections();

let env: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  env = await startTestEmulator();
});
afterAll(async () => {
  await env.emulator.close();
});

describe("load", () => {
  it("10,000 concurrent provider calls through 50 SDK clients → exactly one CreateSession", async () => {
    const provider = fromRolesAnywhere(await initFor(env.emulator.url));
    const clients = Array.from(
      { length: 50 },
      () => new STSClient({ region: "us-east-1", endpoint: env.emulator.stsUrl, credentials: provider }),
    );
    try {
      const identities = await Promise.all(
        Array.from({ length: 10_000 }, (_, i) => {
          const credentials = clients[i % clients.length]!.config.credentials as unknown as () => Promise<{ accessKeyId: string }>;
          return i % 2 === 0 ? credentials() : provider();
        }),
      );
      expect(env.createSessions()).toEqual([{ operation: "CreateSession", status: 201 }]);
      const own = await provider();
      expectComplete(own);
      expect(identities.every((identity) => identity.accessKeyId === own.accessKeyId)).toBe(true);

      const answers = await Promise.all(clients.map((client) => client.send(new GetCallerIdentityCommand({}))));
      expect(answers.every((answer) => answer.Arn?.startsWith("arn:aws:sts::123456789012:assumed-role/test-role/"))).toBe(true);
      expect(env.createSessions()).toHaveLength(1);
    } finally {
      for (const client of clients) client.destroy();
    }
  });
});
