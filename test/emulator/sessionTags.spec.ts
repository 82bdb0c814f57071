import { beforeAll, describe, expect, it } from "vitest";
import { mapCertificateToTags, describeTagFailures } from "../../src/emulator/createSession/sessionTags";
import { defaultRoleSessionName, sourceIdentityOf } from "../../src/emulator/createSession/sourceIdentity";
import { createTrustContext } from "../../src/emulator/createSession/trustContext";
import { parseCertificate } from "../../src/x509/certificate";
import { createTestCa, issueTestCertificate, type TestCert } from "../support/pki";

let ca: TestCert;
const info = async (opts: Parameters<typeof issueTestCertificate>[0] extends infer O ? Omit<O & object, "issuer"> : never) =>
  parseCertificate((await issueTestCertificate({ issuer: ca, ...opts })).certificateDer);

beforeAll(async () => {
  ca = await createTestCa({ subject: { CN: "Lab CA", O: "Lab", C: "US" } });
});

describe("session tags from the certificate", () => {
  it("maps subject and issuer RDNs, joins multi-valued RDNs with / in certificate order", async () => {
    const cert = await info({ subject: { CN: "DavianThule", OU: ["Security", "Engineering", "Research"], O: "Lab", L: "Paris", ST: "IDF", C: "FR" } });
    expect(mapCertificateToTags(cert)).toEqual({
      tags: {
        "x509Subject/CN": "DavianThule",
        "x509Subject/OU": "Security/Engineering/Research",
        "x509Subject/O": "Lab",
        "x509Subject/L": "Paris",
        "x509Subject/ST": "IDF",
        "x509Subject/C": "FR",
        "x509Issuer/CN": "Lab CA",
        "x509Issuer/O": "Lab",
        "x509Issuer/C": "US",
      },
      failures: { issuer: [], subject: [], san: [] },
    });
  });

  it("maps the first SAN DNS name, the first URI and the first directoryName's RDNs", async () => {
    const cert = await info({
      subject: { CN: "svc" },
      san: { dns: ["a.example.com", "b.example.com"], uri: ["spiffe://lab/svc", "urn:x"], directoryName: { CN: "Dir", OU: ["X", "Y"] } },
    });
    const { tags } = mapCertificateToTags(cert);
    expect(tags["x509SAN/DNS"]).toBe("a.example.com");
    expect(tags["x509SAN/URI"]).toBe("spiffe://lab/svc");
    expect(tags["x509SAN/Name/CN"]).toBe("Dir");
    expect(tags["x509SAN/Name/OU"]).toBe("X/Y");
  });

  it("reports values that are not valid session tag values (e.g. parentheses)", async () => {
    const cert = await info({ subject: { CN: "Bad (name)", O: "Fine" } });
    const mapped = mapCertificateToTags(cert);
    expect(mapped.failures).toEqual({ issuer: [], subject: ["CN"], san: [] });
    expect(mapped.tags["x509Subject/O"]).toBe("Fine");
    expect(describeTagFailures(mapped.failures)).toBe(
      "Some attributes failed to be mapped into session tags. Issuer: []; Subject: [CN]; SAN: []",
    );
  });
});

describe("source identity and session name", () => {
  it("CN of up to 61 characters → CN=<cn>", async () => {
    expect(sourceIdentityOf(await info({ subject: { CN: "DavianThule" } }))).toBe("CN=DavianThule");
    expect(sourceIdentityOf(await info({ subject: { CN: "x".repeat(61) } }))).toBe(`CN=${"x".repeat(61)}`);
  });

  it("CN of 62–64 characters → the bare CN", async () => {
    expect(sourceIdentityOf(await info({ subject: { CN: "y".repeat(62) } }))).toBe("y".repeat(62));
    expect(sourceIdentityOf(await info({ subject: { CN: "z".repeat(64) } }))).toBe("z".repeat(64));
  });

  it("no CN → ID=<hex serial> padded to even length", async () => {
    expect(sourceIdentityOf(await info({ subject: { O: "NoCN" }, serial: 291n }))).toBe("ID=0123");
    expect(sourceIdentityOf(await info({ subject: { O: "NoCN" }, serial: 17767n }))).toBe("ID=4567");
  });

  it("default session name = lower-case even-length hex serial", async () => {
    expect(defaultRoleSessionName(await info({ serial: 1n }))).toBe("01");
    expect(defaultRoleSessionName(await info({ serial: 0x6c8a648800b353455b5520636b775431n }))).toBe("6c8a648800b353455b5520636b775431");
  });
});

describe("trust policy context", () => {
  it("holds PrincipalTag/RequestTag per tag, TagKeys, SourceArn, SourceAccount and SourceIdentity (keys lower-cased)", () => {
    const ctx = createTrustContext({
      tags: { "x509Subject/CN": "A" },
      trustAnchorArn: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA",
      accountId: "123456789012",
      sourceIdentity: "CN=A",
      roleSessionName: "01",
      now: new Date(Date.UTC(2026, 0, 1)),
    });
    expect(ctx.get("aws:principaltag/x509subject/cn")).toEqual(["A"]);
    expect(ctx.get("aws:requesttag/x509subject/cn")).toEqual(["A"]);
    expect(ctx.get("aws:tagkeys")).toEqual(["x509Subject/CN"]);
    expect(ctx.get("aws:sourcearn")).toEqual(["arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA"]);
    expect(ctx.get("aws:sourceaccount")).toEqual(["123456789012"]);
    expect(ctx.get("sts:sourceidentity")).toEqual(["CN=A"]);
    expect(ctx.get("aws:currenttime")).toEqual(["2026-01-01T00:00:00Z"]);
  });
});
