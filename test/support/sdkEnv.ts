/**
 * Sets process.env for an in-process AWS SDK client and restores it afterwards.
 * @internal
 */
const SDK_VARS = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_EC2_METADATA_SERVICE_ENDPOINT",
  "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_EC2_METADATA_V1_DISABLED",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
];

/** Clears every credential-related variable, applies `vars`, returns a restore function. */
export function isolateSdkEnv(vars: Record<string, string>): () => void {
  const saved = new Map(SDK_VARS.concat(Object.keys(vars)).map((k) => [k, process.env[k]]));
  for (const k of SDK_VARS) delete process.env[k];
  process.env.AWS_CONFIG_FILE = "/nonexistent/roles-anywhere-test/config";
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/roles-anywhere-test/credentials";
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
