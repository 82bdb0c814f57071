import { describe, expect, it } from "vitest";
import { createCliLogger } from "../../src/cli/logger";
import { hasNoSecrets, runCli, sessionArgs, useIdentityAndStub } from "../support/cli";

const fixture = useIdentityAndStub();

describe("CLI logger", () => {
  it("stamps debug lines with the time since the process started and the CPU used; warnings are plain", () => {
    let out = "";
    const logger = createCliLogger({ write: (s: string) => (out += s) }, true, { elapsedMs: () => 41.234, cpuMs: () => 35 });
    logger.debug("roles-anywhere: phase");
    logger.warn("roles-anywhere: careful");
    expect(out).toBe("[debug +41.2ms cpu 35.0ms] roles-anywhere: phase\n[warn] roles-anywhere: careful\n");
  });

  it("writes no debug line without --debug", () => {
    let out = "";
    const logger = createCliLogger({ write: (s: string) => (out += s) }, false);
    logger.debug("x");
    logger.info("y");
    expect(out).toBe("");
  });

  it("credential-process --debug traces each start-up phase, in order, without secrets", async () => {
    const r = await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url), "--debug"]);
    expect(r.code).toBe(0);
    const phases = [
      /credential-process started/,
      /flags and input files checked/,
      /certificate and key loaded/,
      /CreateSession http/,
      /CreateSession answered 201/,
      /credentials printed/,
    ];
    const lines = r.stderr.split("\n").filter((l) => /^\[debug \+[\d.]+ms cpu [\d.]+ms\] /.test(l));
    const positions = phases.map((p) => lines.findIndex((l) => p.test(l)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(hasNoSecrets(r.stderr)).toBe(true);
  });
});
