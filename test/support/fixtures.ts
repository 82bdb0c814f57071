import { type KeySpec, type TestCert, createTestCa, issueTestCertificate } from "./pki";

export const TRUST_ANCHOR_ARN = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA";
export const PROFILE_ARN = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/PROFILE";
export const ROLE_ARN = "arn:aws:iam::123456789012:role/test-role";
export const ARNS = { trustAnchorArn: TRUST_ANCHOR_ARN, profileArn: PROFILE_ARN, roleArn: ROLE_ARN } as const;

let ca: Promise<TestCert> | undefined;
/** One shared test CA per worker. */
export const testCa = (): Promise<TestCert> => (ca ??= createTestCa({ commonName: "Test Root CA", key: { type: "EC", curve: "P-256" } }));

/** A leaf certificate for `key`, issued by the shared CA. */
export const testLeaf = async (
  key: KeySpec = { type: "EC", curve: "P-256" },
  extra: Partial<Parameters<typeof issueTestCertificate>[0]> = {},
): Promise<TestCert> => issueTestCertificate({ issuer: await testCa(), subject: { CN: "workload", O: "tests" }, key, ...extra });
