/** The emulator's CreateSession quota over HTTP: 429 ThrottlingException as AWS answers it, read by the provider as ERR_THROTTLED. */
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../../src/emulator";
import { parseServiceError } from "../../../src/response/serviceError";
import { testLeaf } from "../../support/fixtures";
import { callCreateSession } from "../../support/signCreateSession";
import { startTestEmulator } from "../../support/testEmulator";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Starts an emulator with `options` and returns a function that sends it a signed CreateSession. */
const caller = async (options: Parameters<typeof startTestEmulator>[0] = {}) => {
  const started = await startTestEmulator(options);
  emulator = started.emulator;
  const leaf = await testLeaf();
  const arns = {
    trustAnchorArn: started.emulator.arns.trustAnchors.TA!,
    profileArn: started.emulator.arns.profiles.PROFILE!,
    roleArn: started.emulator.arns.roles["test-role"]!,
  };
  return (extra: { date?: Date } = {}) => callCreateSession({ url: started.emulator.url, leaf, ...arns, ...extra });
};

describe("startEmulator({ throttle })", () => {
  it("answers CreateSession over the quota with 429 ThrottlingException, refilling with the emulator's clock", async () => {
    let time = Date.now();
    const started = await startTestEmulator({ throttle: { rate: 1, burst: 2 }, now: () => new Date(time) });
    emulator = started.emulator;
    const leaf = await testLeaf();
    const call = () =>
      callCreateSession({
        url: started.emulator.url,
        leaf,
        trustAnchorArn: started.emulator.arns.trustAnchors.TA!,
        profileArn: started.emulator.arns.profiles.PROFILE!,
        roleArn: started.emulator.arns.roles["test-role"]!,
        date: new Date(time),
      });
    const first = [await call(), await call(), await call()];
    expect(first.map((r) => r.status)).toEqual([201, 201, 429]);
    const refused = first[2]!;
    expect(refused.errorType).toBe("ThrottlingException");
    expect(refused.body).toEqual({ __type: "ThrottlingException", message: "Rate exceeded" });
    const error = parseServiceError(refused.status, { "x-amzn-errortype": refused.errorType! }, JSON.stringify(refused.body));
    expect(error).toMatchObject({ code: "ERR_THROTTLED", statusCode: 429, errorType: "ThrottlingException" });
    expect(started.createSessions().map((e) => e.status)).toEqual([201, 201, 429]);
    expect(started.createSessions()[2]).toMatchObject({ errorType: "ThrottlingException", reason: expect.stringMatching(/quota/) });
    time += 1000; // one token back
    expect((await call()).status).toBe(201);
    expect((await call()).status).toBe(429);
  });

  it("throttles before verifying: a request with a bad signature over the quota is a 429, not a 403", async () => {
    const call = await caller({ throttle: { rate: 0.001, burst: 1 } });
    expect((await call()).status).toBe(201);
    const stale = await call({ date: new Date(Date.now() - 3_600_000) });
    expect(stale.status).toBe(429);
  });

  it("is off unless given", async () => {
    const call = await caller();
    const statuses = await Promise.all(Array.from({ length: 30 }, () => call()));
    expect(statuses.every((r) => r.status === 201)).toBe(true);
  });
});
