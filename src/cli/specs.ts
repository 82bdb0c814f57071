import { CACHE_DIR_FLAG, CACHE_FLAGS } from "./credentialCache/cacheSettings";
import type { FlagSpec } from "./flags";

/**
 * Flag tables and one-line summaries for every command (the help text is rendered from these).
 * @internal
 */

/** Flags for the key's passwords and tokens, shared by every command that signs. @internal */
export const KEY_FLAGS: readonly FlagSpec[] = [
  {
    name: "pkcs8-password",
    type: "string",
    value: "<password>",
    secret: true,
    description: "Password of an encrypted PKCS#8 key or PKCS#12 file (visible in `ps`; prefer env ROLES_ANYWHERE_PKCS8_PASSWORD).",
  },
  {
    name: "pkcs11-lib",
    type: "string",
    value: "<lib>",
    description:
      "PKCS#11 module for pkcs11: URIs (default p11-kit-proxy.so; a URI's module-path wins). User PIN: env ROLES_ANYWHERE_PKCS11_PIN or pin-value in the URI.",
  },
  {
    name: "reuse-pin",
    type: "boolean",
    description:
      "Accepted for compatibility: the user PIN is always reused for keys that need a login per signature (CKA_ALWAYS_AUTHENTICATE); roles-anywhere never prompts for a PIN.",
  },
  {
    name: "tpm-key-password",
    type: "string",
    value: "<password>",
    secret: true,
    description: "Password of a TPM key (TSS2 key file or handle:0x...) (visible in `ps`; prefer env ROLES_ANYWHERE_TPM_KEY_PASSWORD).",
  },
  {
    name: "no-tpm-key-password",
    type: "boolean",
    description: "The TPM key at handle:0x... has no password (a handle needs this or a password).",
  },
];

/** Certificate and key flags, as in aws_signing_helper. @internal */
export const IDENTITY_FLAGS: readonly FlagSpec[] = [
  {
    name: "certificate",
    type: "string",
    value: "<file|uri>",
    description:
      "X.509 leaf certificate: PEM (may also hold the key), PKCS#12 when --private-key is omitted, or a pkcs11: URI (RFC 7512) of a certificate on a token.",
  },
  {
    name: "private-key",
    type: "string",
    value: "<file|uri>",
    description:
      "Private key: PKCS#8 (plain or encrypted), PKCS#1, SEC1 or TPM (TSS2) PEM, a pkcs11: URI, or handle:0x81000001 (a persistent TPM key). Omit when --certificate holds the key (a pkcs11: certificate URI then finds the key with the same id/label).",
  },
  {
    name: "intermediates",
    type: "string",
    value: "<file>",
    description: "PEM bundle of intermediate CA certificates, sent as X-Amz-X509-Chain.",
  },
  ...KEY_FLAGS,
];

/** Session flags shared by credential-process, export, serve and update. @internal */
export const SESSION_FLAGS: readonly FlagSpec[] = [
  ...IDENTITY_FLAGS,
  { name: "trust-anchor-arn", type: "string", value: "<arn>", description: "Trust anchor ARN (its region is the default signing region)." },
  { name: "profile-arn", type: "string", value: "<arn>", description: "Roles Anywhere profile ARN." },
  { name: "role-arn", type: "string", value: "<arn>", description: "IAM role ARN to assume." },
  { name: "session-duration", type: "string", value: "<seconds>", description: "Session duration, 900..43200 (default 3600)." },
  {
    name: "region",
    type: "string",
    value: "<region>",
    description:
      "Signing and endpoint region (default: env AWS_REGION if it agrees with the trust anchor, else the trust anchor's region).",
  },
  {
    name: "endpoint",
    type: "string",
    value: "<url>",
    description: "Endpoint base URL (default: env AWS_ENDPOINT_URL_ROLESANYWHERE, else the regional endpoint).",
  },
  { name: "role-session-name", type: "string", value: "<name>", description: "Role session name (the profile must accept it)." },
  { name: "no-verify-ssl", type: "boolean", description: "Do not verify the endpoint's TLS certificate (testing only)." },
  { name: "with-proxy", type: "boolean", description: "Send requests through env HTTPS_PROXY (honours NO_PROXY)." },
  {
    name: "debug",
    type: "boolean",
    description: "Log the canonical request and string to sign to stderr (never keys, tokens or secrets).",
  },
];

/**
 * Flags of aws_signing_helper that select a certificate in the Windows or macOS certificate store.
 * They are recognised so the error says "not supported" (and what to use instead) rather than
 * "unknown flag".
 * @internal
 */
export const UNSUPPORTED_FLAGS: readonly FlagSpec[] = [
  { name: "cert-selector", type: "string", value: "<selector>", description: "" },
  { name: "system-store-name", type: "string", value: "<name>", description: "" },
  { name: "use-latest-expiring-certificate", type: "boolean", description: "" },
];

/** One command of the CLI. @internal */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: readonly FlagSpec[];
  readonly details?: string;
  /** Actions the command takes as its first argument (`cache clear`). */
  readonly actions?: readonly string[];
}

/** The flags of credential-process (the cache fast path parses with these alone). @internal */
export const CREDENTIAL_PROCESS_FLAGS: readonly FlagSpec[] = [...SESSION_FLAGS, ...CACHE_FLAGS];

/** Every command, in help order. @internal */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "credential-process",
    summary: "Print credentials as credential_process JSON (for ~/.aws/config).",
    usage:
      "roles-anywhere credential-process --certificate <file> [--private-key <file>] --trust-anchor-arn <arn> --profile-arn <arn> --role-arn <arn> [--cache] [flags]",
    flags: CREDENTIAL_PROCESS_FLAGS,
    details:
      "In ~/.aws/config:\n  [profile ra]\n  credential_process = roles-anywhere credential-process --certificate /path/cert.pem --private-key /path/key.pem --trust-anchor-arn ... --profile-arn ... --role-arn ...\n" +
      "roles-anywhere must be on the PATH of the AWS CLI or SDK (npm install -g), or give its absolute path.\n" +
      "Do not use npx with the bare command name there: outside this package, npx fetches whatever registry package has that name.",
  },
  {
    name: "export",
    summary: "Print `export AWS_...=` lines for a shell, from flags or a lab config.json.",
    usage: 'eval "$(roles-anywhere export --config config.json)"   or   roles-anywhere export <session flags>',
    flags: [
      {
        name: "config",
        type: "string",
        value: "<file>",
        description: "Lab config.json with Region, AccountID, certificate_file, certificate_key, AnchorID, ProfileID, RoleName.",
      },
      ...SESSION_FLAGS,
    ],
    details: "Flags given on the command line override values from --config.",
  },
  {
    name: "serve",
    summary: "Serve credentials on an IMDSv2-compatible (or ECS container-credentials) local endpoint.",
    usage:
      "roles-anywhere serve <session flags> [--port 9911] [--listen 127.0.0.1 [--allow-non-loopback]] [--hop-limit 64] [--ecs] [--json]",
    flags: [
      {
        name: "port",
        type: "string",
        value: "<port>",
        description: "TCP port (default 9911; 0 picks a free port). The URL is printed alone on the first line of stdout.",
      },
      {
        name: "json",
        type: "boolean",
        description:
          'Print one JSON line instead: {"url", "api" (imds or ecs), "roleArn", "environment"} (the variables clients need, never the token).',
      },
      {
        name: "listen",
        type: "string",
        value: "<address>",
        description: "Address to bind, IPv4 or IPv6 (default 127.0.0.1). A non-loopback address needs --ecs or --allow-non-loopback.",
      },
      {
        name: "allow-non-loopback",
        type: "boolean",
        description: "Allow --listen on a non-loopback address without --ecs: every host that reaches it gets the credentials.",
      },
      {
        name: "hop-limit",
        type: "string",
        value: "<1-255>",
        description:
          "IMDSv2 hop limit (default 64). Node cannot set the IP TTL; 1 refuses token requests from other hosts and network namespaces.",
      },
      {
        name: "ecs",
        type: "boolean",
        description: "Serve the ECS container-credentials API instead (needs env AWS_CONTAINER_AUTHORIZATION_TOKEN or --auth-token-file).",
      },
      {
        name: "auth-token-file",
        type: "string",
        value: "<file>",
        description: "File holding the authorization token clients must send in --ecs mode.",
      },
      ...SESSION_FLAGS,
    ],
    details:
      "IMDSv2 clients: AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:9911/\nECS clients: AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:9911/credentials and AWS_CONTAINER_AUTHORIZATION_TOKEN=<token>\n" +
      "Scripts (bash): exec 3< <(roles-anywhere serve --port 0 <session flags>); read -r url <&3   (a description goes to stderr).",
  },
  {
    name: "update",
    summary: "Keep a profile of the shared credentials file current.",
    usage: "roles-anywhere update <session flags> [--profile default] [--once]",
    flags: [
      { name: "profile", type: "string", value: "<name>", description: 'Profile (section) to write (default "default").' },
      { name: "once", type: "boolean", description: "Write once and exit instead of refreshing before every expiry." },
      ...SESSION_FLAGS,
    ],
    details:
      "File: env AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials (created with mode 0600). Only aws_access_key_id,\naws_secret_access_key and aws_session_token of the profile are replaced; the write is atomic.\nWithout --once, throttling, timeouts, network and service errors and unreadable files are retried with backoff;\nany other error (bad ARN, region or key mismatch, refused certificate, ...) ends the command (exit 2 for a bad\nARN, region or option, else 1).",
  },
  {
    name: "sign-string",
    summary: "Sign aws_signing_helper's fixed test string with the key, to check the key works (no network).",
    usage: "roles-anywhere sign-string --private-key <file|uri> [--certificate <file|uri>] [--digest SHA256] [--format json]",
    flags: [
      {
        name: "certificate",
        type: "string",
        value: "<file|uri>",
        description:
          "Certificate (PEM, PKCS#12, or pkcs11: URI): needed for a key in a PKCS#11 token (found by the key's URI when omitted) and for ML-DSA keys.",
      },
      {
        name: "private-key",
        type: "string",
        value: "<file|uri>",
        description: "The key: PKCS#8/PKCS#1/SEC1/TPM (TSS2) PEM, a pkcs11: URI, or handle:0x... (a persistent TPM key).",
      },
      ...KEY_FLAGS,
      { name: "digest", type: "string", value: "<SHA256|SHA384|SHA512>", description: "Digest to sign with (default SHA256)." },
      {
        name: "format",
        type: "string",
        value: "<json|text|bin>",
        description: "Output: json (the hex signature as a JSON string, the default), text (hex) or bin (raw bytes).",
      },
      { name: "debug", type: "boolean", description: "Describe the string being signed on stderr." },
    ],
    details:
      'The string signed is "AWS Roles Anywhere Credential Helper Signing Test" + "1" + SHA-256("IAM RA" + public key) (the EC point or the\nPKCS#1 RSA public key; nothing for ML-DSA), as aws_signing_helper signs it; RSA signatures match its output byte for byte.',
  },
  {
    name: "read-certificate-data",
    summary: "Show a certificate's key type, serial, names, validity and the session tags Roles Anywhere maps.",
    usage: "roles-anywhere read-certificate-data --certificate <file|uri>",
    flags: [
      {
        name: "certificate",
        type: "string",
        value: "<file|uri>",
        description: "PEM or DER certificate (the first certificate of a bundle is read), or a pkcs11: URI of a certificate in a token.",
      },
      {
        name: "pkcs11-lib",
        type: "string",
        value: "<lib>",
        description:
          "PKCS#11 module for a pkcs11: URI (default p11-kit-proxy.so). PIN, if the token needs one: env ROLES_ANYWHERE_PKCS11_PIN or pin-value.",
      },
      { name: "debug", type: "boolean", description: "Accepted for compatibility." },
    ],
  },
  {
    name: "emulate",
    summary: "Run the offline Roles Anywhere + STS emulator and its IAM / Roles Anywhere / ACM PCA APIs.",
    usage: "roles-anywhere emulate [--config emulator.json] [--state state.json] [--throttle RATE[:BURST]]",
    flags: [
      {
        name: "config",
        type: "string",
        value: "<file>",
        description: "Seed a fresh emulator (JSON; PEMs inline or as file paths relative to it).",
      },
      {
        name: "state",
        type: "string",
        value: "<file>",
        description: "Keep everything across restarts in this file (mode 0600; read when it exists).",
      },
      {
        name: "admin-access-key-id",
        type: "string",
        value: "<id>",
        description: "Access key id of the control plane's admin (default: random; env ROLES_ANYWHERE_EMULATOR_ADMIN_ACCESS_KEY_ID).",
      },
      {
        name: "admin-secret-access-key",
        type: "string",
        value: "<secret>",
        secret: true,
        description: "Its secret (env ROLES_ANYWHERE_EMULATOR_ADMIN_SECRET_ACCESS_KEY).",
      },
      {
        name: "port",
        type: "string",
        value: "<port>",
        description: "Port to listen on (overrides the config; default: the config's, else a free one).",
      },
      {
        name: "throttle",
        type: "string",
        value: "<rate[:burst]>",
        description:
          "Answer CreateSession over this many per second (bursts of <burst>) with 429 ThrottlingException (AWS's default quota: 10).",
      },
      { name: "debug", type: "boolean", description: "Log each request's outcome and the detailed reason to stderr." },
    ],
  },
  {
    name: "cache",
    summary: "Manage the credential cache of credential-process --cache.",
    usage: "roles-anywhere cache clear [--cache-dir <dir>]",
    actions: ["clear"],
    flags: [CACHE_DIR_FLAG],
    details: "clear: removes every cached entry (and leftover temporary files) from the cache directory; other files are left alone.",
  },
  {
    name: "version",
    summary: "Print the version.",
    usage: "roles-anywhere version",
    flags: [],
  },
  {
    name: "completion",
    summary: "Print a shell completion script (bash, zsh or fish).",
    usage: "roles-anywhere completion <bash|zsh|fish>",
    flags: [],
    details:
      "bash: source <(roles-anywhere completion bash)       (or save it in /etc/bash_completion.d/roles-anywhere)\n" +
      'zsh:  roles-anywhere completion zsh > "${fpath[1]}/_roles-anywhere"\n' +
      "fish: roles-anywhere completion fish > ~/.config/fish/completions/roles-anywhere.fish",
  },
];

/** Finds a command by name. @internal */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
