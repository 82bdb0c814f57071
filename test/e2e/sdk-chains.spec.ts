/**
 * The provider inside `@aws-sdk/credential-providers` compositions, against the emulator:
 * `createCredentialChain` (+ `.expireAfter()`) and role chaining with `fromTemporaryCredentials`.
 */
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { createCredentialChain, fromEnv, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fromRolesAnywhere, RolesAnywhereError } from "../../src/index";
import { rejection } from "../support/rejection";
import {
  HUB_ACCOUNT,
  HUB_ROLE,
  type HubAndWorkload,
  WORKLOAD_ACCOUNT,
  WORKLOAD_ROLE,
  startHubAndWorkload,
} from "../support/hubAndWorkload";

let env: HubAndWorkload;
beforeAll(async () => {
  env = await startHubAndWorkload();
});
afterAll(async () => {
  await env?.close();
});

// fromEnv reads process.env at call time: give each test a known AWS_* environment.
const ENV_KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION"] as const;
let saved: Partial<Record<(typeof ENV_KEYS)[number], string>>;
beforeEach(() => {
  saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const key of ENV_KEYS) delete process.env[key];
});
afterEach(() => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

/** The error an SDK call rejected with. */
const sdkFailure = async (promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> => {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome).not.toHaveProperty("value");
  return (outcome as { error: Error }).error;
};

const whoAmI = async (credentials: AwsCredentialIdentityProvider) => {
  const client = new STSClient({ region: "us-east-1", endpoint: env.emulator.stsUrl, credentials, maxAttempts: 1 });
  try {
    return await client.send(new GetCallerIdentityCommand({}));
  } finally {
    client.destroy();
  }
};

describe("createCredentialChain", () => {
  it("fromRolesAnywhere first, fromEnv as fallback: a working provider answers and the fallback is never asked", async () => {
    process.env["AWS_ACCESS_KEY_ID"] = "AKIAENVENVENVENVENV1";
    process.env["AWS_SECRET_ACCESS_KEY"] = "env-secret";
    const fallback = vi.fn(fromEnv());
    const chain = createCredentialChain(fromRolesAnywhere(env.init), fallback);
    expect((await whoAmI(chain)).Arn).toMatch(new RegExp(`^arn:aws:sts::${HUB_ACCOUNT}:assumed-role/Hub/`));
    expect(fallback).not.toHaveBeenCalled();
  });

  it.each([
    ["an option error (a malformed role ARN)", { roleArn: "Hub" }, "ERR_INVALID_ARN"],
    [
      "a service refusal (a role the profile does not list)",
      { roleArn: `arn:aws:iam::${HUB_ACCOUNT}:role/NotInProfile` },
      "ERR_ACCESS_DENIED",
    ],
  ])("a misconfigured fromRolesAnywhere stops the chain with its typed error (tryNextLink: false): %s", async (_what, change, code) => {
    process.env["AWS_ACCESS_KEY_ID"] = "AKIAENVENVENVENVENV1";
    process.env["AWS_SECRET_ACCESS_KEY"] = "env-secret";
    const fallback = vi.fn(fromEnv());
    const chain = createCredentialChain(fromRolesAnywhere({ ...env.init, ...change }), fallback);
    const error = await rejection(chain());
    expect(error).toBeInstanceOf(RolesAnywhereError);
    expect(error).toMatchObject({ code, tryNextLink: false });
    // The environment's keys would have "worked": silently using them instead is what tryNextLink: false prevents.
    expect(fallback).not.toHaveBeenCalled();
  });

  it("fromEnv first, fromRolesAnywhere as fallback: without AWS_* variables fromEnv passes (tryNextLink: true) and Roles Anywhere answers", async () => {
    const chain = createCredentialChain(fromEnv(), fromRolesAnywhere(env.init));
    expect((await whoAmI(chain)).Account).toBe(HUB_ACCOUNT);
    process.env["AWS_ACCESS_KEY_ID"] = "AKIAENVENVENVENVENV1";
    process.env["AWS_SECRET_ACCESS_KEY"] = "env-secret";
    expect((await chain()).accessKeyId).toBe("AKIAENVENVENVENVENV1");
  });

  it(".expireAfter() leaves the Roles Anywhere expiration alone (it only fills in a missing one) and never touches the provider's cache", async () => {
    const provider = fromRolesAnywhere(env.init);
    const chain = createCredentialChain(provider).expireAfter(15 * 60_000);
    const identity = await chain();
    const direct = await provider();
    expect(identity.expiration).toEqual(direct.expiration);
    expect(identity.expiration!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000); // the emulator's one-hour session, not 15 minutes
    (identity as { expiration?: Date }).expiration = undefined; // a caller spoiling its copy …
    expect((await provider()).expiration).toEqual(direct.expiration); // … spoils nothing else
    expect(() => createCredentialChain(provider).expireAfter(60_000)).toThrow(/lower than five minutes/);
  });
});

describe("role chaining: fromTemporaryCredentials({ masterCredentials: fromRolesAnywhere(…) })", () => {
  const chained = (
    params: { RoleArn: string; DurationSeconds?: number; RoleSessionName?: string },
    masterCredentials: AwsCredentialIdentityProvider | Awaited<ReturnType<AwsCredentialIdentityProvider>> = fromRolesAnywhere(env.init),
  ) =>
    fromTemporaryCredentials({
      masterCredentials,
      params,
      clientConfig: { region: "us-east-1", endpoint: env.emulator.stsUrl, maxAttempts: 1 },
    });

  it("GetCallerIdentity with the chained credentials shows the workload role in the workload account", async () => {
    const who = await whoAmI(chained({ RoleArn: WORKLOAD_ROLE, RoleSessionName: "deploy" }));
    expect(who).toMatchObject({ Account: WORKLOAD_ACCOUNT, Arn: `arn:aws:sts::${WORKLOAD_ACCOUNT}:assumed-role/Workload/deploy` });
    const stored = [...env.emulator.state.sessions.values()].find((s) => s.assumedRoleArn === who.Arn)!;
    expect(stored.chainedFrom).toMatch(new RegExp(`^arn:aws:sts::${HUB_ACCOUNT}:assumed-role/Hub/`));
    expect(stored.sourceIdentity).toBe("CN=app");
  });

  it("lasts at most one hour; asking for more fails with STS's ValidationError", async () => {
    const identity = await chained({ RoleArn: WORKLOAD_ROLE })();
    expect(identity.expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
    const error = await sdkFailure(chained({ RoleArn: WORKLOAD_ROLE, DurationSeconds: 7200 })());
    expect(error).toMatchObject({
      name: "ValidationError",
      message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    });
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it("a resolved Roles Anywhere identity works as static masterCredentials too", async () => {
    const master = await fromRolesAnywhere(env.init)();
    expect((await whoAmI(chained({ RoleArn: WORKLOAD_ROLE, RoleSessionName: "static" }, master))).Arn).toBe(
      `arn:aws:sts::${WORKLOAD_ACCOUNT}:assumed-role/Workload/static`,
    );
  });

  it("a misconfigured fromRolesAnywhere as masterCredentials surfaces its typed error, not a generic one", async () => {
    const error = await rejection(
      chained({ RoleArn: WORKLOAD_ROLE }, fromRolesAnywhere({ ...env.init, roleArn: `arn:aws:iam::${HUB_ACCOUNT}:role/NotInProfile` }))(),
    );
    expect(error).toMatchObject({ code: "ERR_ACCESS_DENIED", tryNextLink: false });
  });

  it("the hub role cannot be assumed back from the workload (its trust policy names only the Roles Anywhere service)", async () => {
    const workload = chained({ RoleArn: WORKLOAD_ROLE });
    const back = fromTemporaryCredentials({
      masterCredentials: workload,
      params: { RoleArn: HUB_ROLE },
      clientConfig: { region: "us-east-1", endpoint: env.emulator.stsUrl, maxAttempts: 1 },
    });
    expect(await sdkFailure(back())).toMatchObject({
      name: "AccessDenied",
      message: expect.stringMatching(/is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role\/Hub$/),
    });
  });
});
