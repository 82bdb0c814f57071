import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mlDsaCa, mlDsaPkcs8, pem } from "../support/mlDsaMaterial";
import {
  type IdentityFiles,
  type StubServer,
  hasNoSecrets,
  makeIdentity,
  runCli,
  sessionArgs,
  sessionBody,
  startCreateSessionStub,
} from "../support/cli";

let ids: IdentityFiles;
let stub: StubServer;
beforeAll(async () => {
  ids = await makeIdentity();
  stub = await startCreateSessionStub((req) =>
    /^AWS4-X509-MLDSA Credential=\d+\//.test(String(req.headers.authorization ?? "")) && req.headers["x-amz-x509"]
      ? { status: 201, body: sessionBody({ accessKeyId: "ASIASTUBMLDSA0000001" }) }
      : { status: 403, body: JSON.stringify({ message: "Invalid signature" }), headers: { "X-Amzn-ErrorType": "AccessDeniedException" } },
  );
});
afterAll(async () => {
  await stub.close();
  await ids.cleanup();
});

describe("ML-DSA with the CLI", () => {
  it("credential-process signs with an ML-DSA-65 key file (AWS4-X509-MLDSA), and read-certificate-data agrees", async () => {
    const seed = new Uint8Array(32).fill(11);
    const cert = join(ids.dir, "mldsa.pem");
    const key = join(ids.dir, "mldsa.key");
    await writeFile(cert, mlDsaCa().issue("ML-DSA-65", ml_dsa65.keygen(seed).publicKey, "pq-workload"));
    await writeFile(key, pem(mlDsaPkcs8("ML-DSA-65", { seed }, "seed")), { mode: 0o600 });
    const r = await runCli(["credential-process", ...sessionArgs({ cert, key }, stub.url)]);
    expect(r.stderr).not.toMatch(/^roles-anywhere/m);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1, AccessKeyId: "ASIASTUBMLDSA0000001" });
    expect(hasNoSecrets(r.stderr)).toBe(true);
    const report = JSON.parse((await runCli(["read-certificate-data", "--certificate", cert])).stdout);
    expect(report.signingAlgorithm).toBe(String(stub.requests.at(-1)!.headers.authorization).split(" ")[0]);
    expect(report.supportedAlgorithms).toEqual(["ML-DSA-65"]);
  });
});
