// A Cloudflare Worker that gets AWS credentials from IAM Roles Anywhere with a certificate and
// private key held as Worker secrets (env bindings), and answers with STS GetCallerIdentity.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromRolesAnywhere, isRolesAnywhereError } from "credential-provider-roles-anywhere";

// One provider per isolate: it caches the credentials across requests and refreshes them
// 5 minutes before they expire.
let credentials;
let sts;

const clients = (env) => {
  credentials ??= fromRolesAnywhere({
    trustAnchorArn: env.TRUST_ANCHOR_ARN,
    profileArn: env.PROFILE_ARN,
    roleArn: env.ROLE_ARN,
    // Secrets are strings: the PEM texts themselves, never file paths.
    certificate: env.CERTIFICATE,
    privateKey: env.PRIVATE_KEY,
    ...(env.CERTIFICATE_CHAIN ? { certificateChain: env.CERTIFICATE_CHAIN } : {}),
    // Only for a local emulator; in production the endpoint follows the trust anchor's region.
    ...(env.ROLES_ANYWHERE_ENDPOINT ? { endpoint: env.ROLES_ANYWHERE_ENDPOINT } : {}),
  });
  sts ??= new STSClient({
    region: env.AWS_REGION || env.TRUST_ANCHOR_ARN.split(":")[3],
    credentials,
    ...(env.STS_ENDPOINT ? { endpoint: env.STS_ENDPOINT } : {}),
  });
  return sts;
};

export default {
  async fetch(_request, env) {
    try {
      const { Arn, Account, UserId } = await clients(env).send(new GetCallerIdentityCommand({}));
      return Response.json({ Arn, Account, UserId });
    } catch (error) {
      // Error codes and messages name what is wrong; they never hold key material or secrets.
      if (isRolesAnywhereError(error)) return Response.json({ error: error.code, message: error.message }, { status: 502 });
      return Response.json({ error: error?.name ?? "Error", message: String(error?.message ?? error) }, { status: 502 });
    }
  },
};
