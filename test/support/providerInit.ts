/** Provider options for the reliability suites: the shared test leaf, fixed ARNs, an endpoint. */
import type { FromRolesAnywhereInit } from "../../src/options/options";
import { ARNS, testLeaf } from "./fixtures";
import { createSessionBody, fakeCredentials } from "./stubServers";

let leaf: ReturnType<typeof testLeaf> | undefined;

/** Options pointing at `endpoint`, with a P-256 leaf issued by the shared test CA. */
export const initFor = async (endpoint: string, extra: Partial<FromRolesAnywhereInit> = {}): Promise<FromRolesAnywhereInit> => {
  const { certificatePem, key } = await (leaf ??= testLeaf());
  return { ...ARNS, endpoint, certificate: certificatePem, privateKey: key.privateKeyPem, ...extra };
};

/** A CreateSession success body valid for `ttlSeconds` from now. */
export const successBody = (ttlSeconds = 3600): string => createSessionBody(fakeCredentials(new Date(Date.now() + ttlSeconds * 1000)));

/** A CreateSession body with `credentials` replaced (to drop or spoil a field). */
export const bodyWithCredentials = (credentials: Record<string, unknown>): string =>
  JSON.stringify({ credentialSet: [{ credentials, roleArn: ARNS.roleArn }] });
