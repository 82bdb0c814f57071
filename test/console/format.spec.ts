import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LAB, labTrustPolicy } from "../../examples/lab/lab.mjs";
import { describe, expect, it } from "vitest";
import {
  base64Of,
  conditionCells,
  daysUntil,
  formatDuration,
  formatTime,
  isSessionOrSts,
  outcomeOf,
  pemOfUpload,
  policySummary,
  specifiersOf,
} from "../../src/console/format";
import { POLICY_TEMPLATES, templateText } from "../../src/console/policyTemplates";
import { checkTrustPolicy } from "../../src/emulator/services/iam/policyDocument";

describe("the console's formatting (pure)", () => {
  it("durations, times and days", () => {
    expect([900, 3600, 5400, 43200].map(formatDuration)).toEqual(["15 minutes", "1 hour", "1 h 30 min", "12 hours"]);
    expect(formatTime("2026-11-25T01:44:59.000Z")).toBe("2026-11-25 01:44:59 UTC");
    expect(daysUntil("2026-12-01T00:00:00Z", new Date("2026-11-25T12:00:00Z"))).toBe(5);
  });

  it("a condition result as the Activity page's table row", () => {
    expect(
      conditionCells({
        operator: "StringEquals",
        key: "aws:PrincipalTag/x509Subject/CN",
        policyValues: ["DavianThule"],
        requestValues: ["GabrielAngelos"],
        passed: false,
      }),
    ).toEqual({
      operator: "StringEquals",
      key: "aws:PrincipalTag/x509Subject/CN",
      request: '"GabrielAngelos"',
      policy: '"DavianThule"',
      result: "failed",
    });
    expect(conditionCells({ operator: "StringLike", key: "k", policyValues: ["a", "b"], passed: true })).toMatchObject({
      request: "(absent)",
      policy: '"a" or "b"',
      result: "passed",
    });
  });

  it("outcomes and the default Activity filter (CreateSession and STS, not the control plane)", () => {
    expect(outcomeOf({ operation: "CreateSession", status: 201 })).toEqual({ label: "201 allowed", tone: "ok" });
    expect(outcomeOf({ operation: "CreateSession", status: 403, errorType: "AccessDeniedException" })).toEqual({
      label: "403 AccessDeniedException",
      tone: "denied",
    });
    expect(outcomeOf({ operation: "iam:CreateRole", status: 400, errorType: "MalformedPolicyDocument" }).tone).toBe("error");
    expect(isSessionOrSts({ operation: "GetCallerIdentity", status: 200 })).toBe(true);
    expect(isSessionOrSts({ operation: "rolesanywhere:ListProfiles", status: 200 })).toBe(false);
  });

  it("a one-line summary of a trust policy's conditions", () => {
    expect(policySummary(templateText(POLICY_TEMPLATES[0]!))).toBe("no condition");
    expect(policySummary(templateText(POLICY_TEMPLATES[1]!))).toBe("Allow if StringEquals aws:PrincipalTag/x509Subject/CN = DavianThule");
    expect(policySummary("{")).toBe("not valid JSON");
  });

  it("specifier lists, base64 and uploaded certificates (DER becomes PEM)", () => {
    expect(specifiersOf(" DNS, URI ,,Name/* ")).toEqual(["DNS", "URI", "Name/*"]);
    expect(specifiersOf("")).toEqual([]);
    const bytes = new Uint8Array(70_000).map((_, i) => i % 251);
    expect(base64Of(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    const der = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]);
    expect(pemOfUpload(der, "CERTIFICATE")).toBe("-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n");
    const pem = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
    expect(pemOfUpload(new TextEncoder().encode(pem), "CERTIFICATE")).toBe(pem);
  });

  it("the lab's policy templates are trust policies IAM accepts", () => {
    expect(POLICY_TEMPLATES.map((t) => t.roleName)).toEqual(["Lab-IAM-Anywhere-All", "Lab-IAM-Anywhere-Only-Thule"]);
    for (const t of POLICY_TEMPLATES) expect(() => checkTrustPolicy(templateText(t))).not.toThrow();
  });

  it("the templates are the lab's own policies (the browser bundle cannot import examples/lab)", () => {
    expect(POLICY_TEMPLATES.map((t) => t.roleName)).toEqual([LAB.roleAll, LAB.roleOnlyThule]);
    expect(POLICY_TEMPLATES.map((t) => t.document)).toEqual([
      labTrustPolicy(),
      labTrustPolicy({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } }),
    ]);
  });
});

describe("the console's front end puts text in as text", () => {
  const dir = fileURLToPath(new URL("../../src/console/", import.meta.url));
  const files = (readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[]).filter((f) => f.endsWith(".ts"));

  it("finds the front end's files", () => {
    expect(files).toContain("app.ts");
    expect(files.length).toBeGreaterThan(8);
  });

  it.each(files)("%s uses no HTML sink (innerHTML, outerHTML, insertAdjacentHTML, document.write, eval)", (file) => {
    const code = readFileSync(join(dir, file), "utf8");
    expect(code).not.toMatch(/\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(/);
  });
});
