/**
 * Security: the emulator applies RFC 5280 rules that path building used to skip: unrecognized
 * critical extensions (§4.2) and name constraints (§4.2.1.10, §6.1), with PKIs generated here.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { reasonOf } from "../support/reason";
import { buildCertificationPath } from "../../src/emulator/pki/buildPath";
import { loadCertificate } from "../../src/emulator/pki/loadCertificate";
import { startCallingEmulator } from "../support/testEmulator";
import {
  type NameSubtrees,
  type RawExtension,
  type TestCert,
  createTestCa,
  issueTestCertificate,
  nameConstraintsExtension,
} from "../support/pki";

const load = (c: TestCert) => loadCertificate(c.certificateDer);
const UNKNOWN: RawExtension = { oid: "1.3.6.1.4.1.55555.1", critical: true, der: Uint8Array.of(0x05, 0x00) };
const POLICY_CONSTRAINTS: RawExtension = { oid: "2.5.29.36", critical: true, der: Uint8Array.of(0x30, 0x03, 0x80, 0x01, 0x00) };

let root: TestCert;
beforeAll(async () => {
  root = await createTestCa({ commonName: "RFC 5280 Root" });
});

/** Path leaf → intermediate (with `caExtensions`) → root; the leaf as `leafOptions` says. */
const pathReason = async (
  caExtensions: RawExtension[],
  leafOptions: Partial<Parameters<typeof issueTestCertificate>[0]> = {},
): Promise<string> => {
  const mid = await createTestCa({ commonName: "Constrained Mid", issuer: root, extensions: caExtensions });
  const leaf = await issueTestCertificate({ issuer: mid, ...leafOptions });
  return reasonOf(() => buildCertificationPath(load(leaf), [load(mid)], [load(root)], new Date()));
};
const constrained = (permitted?: NameSubtrees, excluded?: NameSubtrees, critical = true) =>
  pathReason.bind(undefined, [
    nameConstraintsExtension({ ...(permitted ? { permitted } : {}), ...(excluded ? { excluded } : {}) }, critical),
  ]);

describe("security: unrecognized critical extensions", () => {
  it("refuses a leaf with an unknown critical extension", async () => {
    expect(await pathReason([], { extensions: [UNKNOWN] })).toMatch(/has the unrecognized critical extension 1\.3\.6\.1\.4\.1\.55555\.1/);
  });

  it("refuses an intermediate with an unknown critical extension, or a critical policyConstraints (policies are not processed)", async () => {
    expect(await pathReason([UNKNOWN])).toMatch(/"CN=Constrained Mid".*unrecognized critical extension 1\.3\.6\.1\.4\.1\.55555\.1/);
    expect(await pathReason([POLICY_CONSTRAINTS])).toMatch(/unrecognized critical extension 2\.5\.29\.36/);
  });

  it("accepts the same extensions when not critical, and an anchor's own (the anchor is configuration)", async () => {
    const lax = { ...UNKNOWN, critical: false };
    expect(await pathReason([lax], { extensions: [lax] })).toBe("(accepted)");
    const anchor = await createTestCa({ commonName: "Odd Root", extensions: [UNKNOWN] });
    const leaf = await issueTestCertificate({ issuer: anchor });
    expect(buildCertificationPath(load(leaf), [], [load(anchor)], new Date())).toHaveLength(2);
  });
});

describe("security: name constraints of intermediates and anchors", () => {
  it.each([
    ["dNSName inside", constrained({ dns: ["example.com"] }), { san: { dns: ["api.example.com", "example.com"] } }, undefined],
    [
      "dNSName outside",
      constrained({ dns: ["example.com"] }),
      { san: { dns: ["api.example.com", "evil.org"] } },
      /dNSName "evil\.org" is outside the permitted subtrees/,
    ],
    ["dNSName look-alike", constrained({ dns: ["example.com"] }), { san: { dns: ["badexample.com"] } }, /outside the permitted/],
    [
      "dNSName excluded",
      constrained(undefined, { dns: ["secret.example.com"] }),
      { san: { dns: ["x.secret.example.com"] } },
      /inside the excluded subtree dNSName "secret\.example\.com"/,
    ],
    ["directoryName inside", constrained({ directoryName: [{ O: "Example" }] }), { subject: { O: "Example", CN: "w" } }, undefined],
    [
      "directoryName outside",
      constrained({ directoryName: [{ O: "Example" }] }),
      { subject: { O: "Other", CN: "w" } },
      /directoryName "O=Other,CN=w" is outside the permitted subtrees/,
    ],
    [
      "directoryName shorter than the constraint",
      constrained({ directoryName: [{ O: "Example", OU: "Ops" }] }),
      { subject: { O: "Example" } },
      /outside the permitted/,
    ],
    [
      "directoryName excluded",
      constrained(undefined, { directoryName: [{ O: "Example", OU: "Contractors" }] }),
      { subject: { O: "Example", OU: "Contractors", CN: "w" } },
      /inside the excluded subtree/,
    ],
    [
      "SAN directoryName outside",
      constrained({ directoryName: [{ O: "Example" }] }),
      { subject: { O: "Example", CN: "w" }, san: { directoryName: { O: "Evil" } } },
      /directoryName "O=Evil" is outside/,
    ],
    ["rfc822Name on a host", constrained({ email: ["example.com"] }), { san: { email: ["alice@example.com"] } }, undefined],
    [
      "rfc822Name outside",
      constrained({ email: [".example.com"] }),
      { san: { email: ["alice@example.com"] } },
      /rfc822Name "alice@example\.com" is outside/,
    ],
    ["rfc822Name in subdomains", constrained({ email: [".example.com"] }), { san: { email: ["bob@eu.example.com"] } }, undefined],
    [
      "subject emailAddress outside",
      constrained({ email: ["example.com"] }),
      { subject: { CN: "w", E: "eve@evil.org" } },
      /rfc822Name "eve@evil\.org" is outside/,
    ],
    ["URI host inside", constrained({ uri: [".example.com"] }), { san: { uri: ["spiffe://trust.example.com/workload"] } }, undefined],
    [
      "URI host outside",
      constrained({ uri: [".example.com"] }),
      { san: { uri: ["spiffe://evil.org/workload"] } },
      /uniformResourceIdentifier "spiffe:\/\/evil\.org\/workload" is outside/,
    ],
    ["URI without a host", constrained({ uri: ["example.com"] }), { san: { uri: ["urn:example:w"] } }, /outside the permitted/],
    ["iPAddress inside", constrained({ ip: ["10.0.0.0/8"] }), { san: { ip: ["10.1.2.3"] } }, undefined],
    ["iPAddress outside", constrained({ ip: ["10.0.0.0/8"] }), { san: { ip: ["192.168.0.1"] } }, /iPAddress 192\.168\.0\.1 is outside/],
    ["IPv6 outside an IPv4-only constraint", constrained({ ip: ["10.0.0.0/8"] }), { san: { ip: ["2001:db8::1"] } }, /is outside/],
    ["IPv6 inside", constrained({ ip: ["2001:db8::/32"] }), { san: { ip: ["2001:db8::1"] } }, undefined],
    [
      "a form the constraints do not mention",
      constrained({ dns: ["example.com"] }),
      { san: { uri: ["spiffe://anything.org/w"] } },
      undefined,
    ],
    [
      "non-critical constraints (enforced too)",
      constrained({ dns: ["example.com"] }, undefined, false),
      { san: { dns: ["evil.org"] } },
      /outside the permitted/,
    ],
  ] as const)("%s", async (_name, build, leafOptions, expected) => {
    const reason = await build(leafOptions as never);
    if (expected === undefined) expect(reason).toBe("(accepted)");
    else expect(reason).toMatch(expected);
  });

  it("applies the trust anchor's own constraints", async () => {
    const anchor = await createTestCa({
      commonName: "Constrained Root",
      extensions: [nameConstraintsExtension({ permitted: { dns: ["example.com"] } })],
    });
    const inside = await issueTestCertificate({ issuer: anchor, san: { dns: ["a.example.com"] } });
    const outside = await issueTestCertificate({ issuer: anchor, san: { dns: ["a.evil.org"] } });
    expect(buildCertificationPath(load(inside), [], [load(anchor)], new Date())).toHaveLength(2);
    expect(reasonOf(() => buildCertificationPath(load(outside), [], [load(anchor)], new Date()))).toMatch(
      /violates the name constraints of "CN=Constrained Root"/,
    );
  });

  it("constrains intermediates below the constrained CA too", async () => {
    const top = await createTestCa({
      commonName: "Top",
      issuer: root,
      extensions: [nameConstraintsExtension({ permitted: { directoryName: [{ O: "Example" }] } })],
    });
    const rogue = await createTestCa({ subject: { O: "Evil", CN: "Rogue Mid" }, issuer: top });
    const leaf = await issueTestCertificate({ issuer: rogue, subject: { O: "Example", CN: "w" } });
    expect(reasonOf(() => buildCertificationPath(load(leaf), [load(rogue), load(top)], [load(root)], new Date()))).toMatch(
      /"CN=Rogue Mid,O=Evil".*violates the name constraints of "CN=Top"/,
    );
  });

  it("refuses a constraint with a maximum (RFC 5280: must be absent)", async () => {
    // NameConstraints { permittedSubtrees [0] { GeneralSubtree { dNSName "a.b", maximum [1] 2 } } }
    const der = Uint8Array.of(0x30, 0x0c, 0xa0, 0x0a, 0x30, 0x08, 0x82, 0x03, 0x61, 0x2e, 0x62, 0x81, 0x01, 0x02);
    expect(await pathReason([{ oid: "2.5.29.30", critical: true, der }], { san: { dns: ["a.b"] } })).toMatch(/sets a minimum or maximum/);
  });
});

describe("security: the emulator answers such requests Untrusted signing certificate", () => {
  it("with the reason in its event", async () => {
    const mid = await createTestCa({
      commonName: "E2E Mid",
      issuer: root,
      extensions: [nameConstraintsExtension({ permitted: { dns: ["example.com"] } })],
    });
    const leaf = await issueTestCertificate({ issuer: mid, san: { dns: ["evil.org"] } });
    const { emulator, events, call } = await startCallingEmulator(root);
    try {
      const result = await call(leaf, [mid]);
      expect(result.status).toBe(403);
      expect(result.body).toEqual({ __type: "AccessDeniedException", message: "Untrusted signing certificate" });
      expect(events[0]!.reason).toMatch(/dNSName "evil\.org" is outside the permitted subtrees/);
    } finally {
      await emulator.close();
    }
  });
});
