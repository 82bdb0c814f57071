import { beforeAll, describe, expect, it } from "vitest";
import { mapCertificateToTags, describeTagFailures } from "../../src/sessionTags/sessionTags";
import { defaultRoleSessionName, sourceIdentityOf } from "../../src/sessionTags/sourceIdentity";
import { parseCertificate } from "../../src/certificate/certificate";
import { createTestCa, issueTestCertificate, type TestCert } from "../support/pki";

let ca: TestCert;
const info = async (opts: Parameters<typeof issueTestCertificate>[0] extends infer O ? Omit<O & object, "issuer"> : never) =>
  parseCertificate((await issueTestCertificate({ issuer: ca, ...opts })).certificateDer);

beforeAll(async () => {
  ca = await createTestCa({ subject: { CN: "Lab CA", O: "Lab", C: "US" } });
});

describe("session tags from the certificate", () => {
  it("maps subject and issuer RDNs, joins multi-valued RDNs with / in certificate order", async () => {
    const cert = await info({
      subject: { CN: "DavianThule", OU: ["Security", "Engineering", "Research"], O: "Lab", L: "Paris", ST: "IDF", C: "FR" },
    });
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

describe("custom attribute mappings (PutAttributeMapping)", () => {
  it("a listed field maps only its specifiers; other fields keep the default", async () => {
    const cert = await info({
      subject: { CN: "svc", OU: ["A", "B"], O: "Lab" },
      san: { dns: ["a.example"], uri: ["urn:x"], directoryName: { CN: "Dir", O: "Org" } },
    });
    const { tags } = mapCertificateToTags(cert, [
      { certificateField: "x509Subject", mappingRules: [{ specifier: "OU" }] },
      { certificateField: "x509SAN", mappingRules: [{ specifier: "URI" }, { specifier: "Name/O" }] },
    ]);
    expect(tags).toEqual({
      "x509Subject/OU": "A/B",
      "x509Issuer/CN": "Lab CA",
      "x509Issuer/O": "Lab",
      "x509Issuer/C": "US",
      "x509SAN/URI": "urn:x",
      "x509SAN/Name/O": "Org",
    });
  });

  it("an empty rule list maps nothing from the field, so its bad values no longer fail the request", async () => {
    const badCa = await createTestCa({ commonName: "Bad (CA)" });
    const cert = parseCertificate((await issueTestCertificate({ issuer: badCa, subject: { CN: "ok" } })).certificateDer);
    expect(mapCertificateToTags(cert).failures.issuer).toEqual(["CN"]);
    const mapped = mapCertificateToTags(cert, [{ certificateField: "x509Issuer", mappingRules: [] }]);
    expect(mapped).toEqual({ tags: { "x509Subject/CN": "ok" }, failures: { issuer: [], subject: [], san: [] } });
  });

  it("'Name' and 'Name/' mean every RDN of the first directoryName", async () => {
    const cert = await info({ subject: { CN: "svc" }, san: { directoryName: { CN: "Dir", O: "Org" } } });
    for (const specifier of ["Name", "Name/", "Name/*"]) {
      const { tags } = mapCertificateToTags(cert, [{ certificateField: "x509SAN", mappingRules: [{ specifier }] }]);
      expect(tags["x509SAN/Name/CN"]).toBe("Dir");
      expect(tags["x509SAN/Name/O"]).toBe("Org");
    }
  });
});
