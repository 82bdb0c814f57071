/**
 * Helpers for the CLI tests: run `main` in-process, a local CreateSession stub, a stub STS,
 * and certificate/key files from the test PKI.
 * @internal
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main";
import { serveCacheHit } from "../../src/cli/credentialCache/cacheHitFastPath";
import { cacheRequested } from "../../src/cli/credentialCache/cacheRequested";
import { createTestCa, issueTestCertificate, type TestCert } from "./pki";
import type { PromptTerminal } from "../../src/cli/passphrasePrompt";
import { afterAll, beforeAll } from "vitest";
import { closeServer, listen, readBody } from "./stubServers";
import type { Emulator } from "../../src/emulator";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as bytes (text is written as UTF-8), for binary output. */
  stdoutBytes: Buffer;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  signal?: AbortSignal;
  onListening?: (info: { url: string }) => void;
  /** The terminal a password prompt would use; default: none (tests never touch /dev/tty). */
  terminal?: () => Promise<PromptTerminal | undefined>;
}

/** Captures what a run writes to stdout (text and bytes) and stderr. */
function capture() {
  const out = { stdout: "", stderr: "", chunks: [] as Buffer[] };
  const stdout = {
    write: (s: string | Uint8Array) => {
      out.chunks.push(Buffer.from(s));
      if (typeof s === "string") out.stdout += s;
      return true;
    },
  };
  const stderr = { write: (s: string) => ((out.stderr += s), true) };
  return { out, stdout, stderr };
}

/** Runs the CLI in-process with an isolated env (nothing from process.env). */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const { out, stdout, stderr } = capture();
  const code = await main(argv, {
    stdout,
    stderr,
    env: { ...options.env },
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onListening ? { onListening: options.onListening } : {}),
    terminal: options.terminal ?? (async () => undefined),
  });
  return { code, stdout: out.stdout, stderr: out.stderr, stdoutBytes: Buffer.concat(out.chunks) };
}

/**
 * Runs the CLI in-process the way the bin (src/cli.ts) does: for `credential-process --cache`,
 * the cache fast path first, and `main` only when it did not answer. `fastPath` says which one
 * printed the result.
 */
export async function runCliAsBin(argv: readonly string[], options: RunOptions = {}): Promise<CliResult & { fastPath: boolean }> {
  const env = { ...options.env };
  if (cacheRequested(argv, env)) {
    const { out, stdout, stderr } = capture();
    const served = await serveCacheHit(argv, { env, cwd: options.cwd ?? process.cwd(), stdout, stderr, nowMs: Date.now });
    if (served) return { code: 0, stdout: out.stdout, stderr: out.stderr, stdoutBytes: Buffer.concat(out.chunks), fastPath: true };
    const full = await runCli(argv, options);
    // The fast path writes only --debug lines; they come first, as in a process.
    return { ...full, stderr: out.stderr + full.stderr, fastPath: false };
  }
  return { ...(await runCli(argv, options)), fastPath: false };
}

/** Starts a CLI command that runs until aborted (serve); resolves once it listens. */
export async function startCli(argv: readonly string[], options: RunOptions = {}) {
  const controller = new AbortController();
  let resolveUrl!: (url: string) => void;
  const listening = new Promise<string>((r) => (resolveUrl = r));
  const done = runCli(argv, { ...options, signal: controller.signal, onListening: ({ url }) => resolveUrl(url) });
  const url = await Promise.race([listening, done.then((r) => Promise.reject(new Error(`CLI exited ${r.code}: ${r.stderr}`)))]);
  return {
    url,
    stop: async () => {
      controller.abort();
      return done;
    },
  };
}

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
export const TRUST_ANCHOR_ARN = `arn:aws:rolesanywhere:${REGION}:${ACCOUNT}:trust-anchor/11111111-2222-3333-4444-555555555555`;
export const PROFILE_ARN = `arn:aws:rolesanywhere:${REGION}:${ACCOUNT}:profile/66666666-7777-8888-9999-000000000000`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/Lab-IAM-Anywhere-All`;

/** Secrets the stub hands out; tests assert they never reach stderr. */
export const SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSTUBSECRETKEY";
export const SESSION_TOKEN = "FwoGZXIvYXdzEStubSessionTokenValue0123456789abcdefABCDEF";

export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface StubServer {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

type Responder = (req: StubRequest, count: number) => { status: number; body: string; headers?: Record<string, string> };

async function startServer(respond: Responder): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: await readBody(req) };
    requests.push(recorded);
    const { status, body, headers } = respond(recorded, requests.length);
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(body);
  });
  return { url: await listen(server), requests, close: () => closeServer(server) };
}

/** A successful CreateSession body, credentials valid for `seconds`, access key id `accessKeyId`. */
export function sessionBody(options: { accessKeyId?: string; seconds?: number; now?: Date } = {}): string {
  const expiration = new Date((options.now ?? new Date()).getTime() + (options.seconds ?? 3600) * 1000);
  return JSON.stringify({
    credentialSet: [
      {
        assumedRoleUser: {
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Lab-IAM-Anywhere-All/0a1b`,
          assumedRoleId: "AROAEXAMPLEROLEID0001:0a1b",
        },
        credentials: {
          accessKeyId: options.accessKeyId ?? "ASIASTUBACCESSKEY001",
          secretAccessKey: SECRET_ACCESS_KEY,
          sessionToken: SESSION_TOKEN,
          expiration: expiration.toISOString().replace(/\.\d{3}Z$/, "Z"),
        },
        packedPolicySize: 0,
        roleArn: ROLE_ARN,
        sourceIdentity: "CN=test",
      },
    ],
    subjectArn: `arn:aws:rolesanywhere:${REGION}:${ACCOUNT}:subject/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`,
  });
}

/**
 * A local CreateSession stub: checks the request carries a SigV4-X509 Authorization header and the
 * certificate header, then answers 201 (or whatever `respond` says).
 */
export function startCreateSessionStub(respond?: Responder): Promise<StubServer> {
  return startServer((req, count) => {
    if (respond) return respond(req, count);
    const auth = String(req.headers.authorization ?? "");
    if (
      req.method !== "POST" ||
      !req.url.startsWith("/sessions") ||
      !/^AWS4-X509-(RSA|ECDSA)-SHA256 Credential=\d+\//.test(auth) ||
      !req.headers["x-amz-x509"]
    ) {
      return {
        status: 403,
        body: JSON.stringify({ message: "Invalid signature" }),
        headers: { "X-Amzn-ErrorType": "AccessDeniedException" },
      };
    }
    return { status: 201, body: sessionBody({ accessKeyId: `ASIASTUBACCESSKEY${String(count).padStart(3, "0")}` }) };
  });
}

/** A stub STS that answers GetCallerIdentity when the request is signed with an access key from `ASIASTUB…`. */
export function startStsStub(): Promise<StubServer> {
  return startServer((req) => {
    const auth = String(req.headers.authorization ?? "");
    const key = /Credential=([A-Z0-9]+)\//.exec(auth)?.[1];
    if (!key?.startsWith("ASIASTUB") || req.headers["x-amz-security-token"] !== SESSION_TOKEN) {
      return {
        status: 403,
        headers: { "Content-Type": "text/xml" },
        body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
      };
    }
    return {
      status: 200,
      headers: { "Content-Type": "text/xml" },
      body:
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
        `<Arn>arn:aws:sts::${ACCOUNT}:assumed-role/Lab-IAM-Anywhere-All/0a1b</Arn><UserId>AROAEXAMPLEROLEID0001:0a1b</UserId><Account>${ACCOUNT}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    };
  });
}

export interface IdentityFiles {
  dir: string;
  cert: string;
  key: string;
  combined: string;
  chain: string;
  leaf: TestCert;
  ca: TestCert;
  cleanup(): Promise<void>;
}

/** A CA, a leaf (EC P-256 by default) and its files in a fresh temp dir. */
export async function makeIdentity(options: { rsa?: boolean; subject?: Record<string, string | string[]> } = {}): Promise<IdentityFiles> {
  const dir = await mkdtemp(join(tmpdir(), "ra-cli-"));
  const ca = await createTestCa({ commonName: "Test Root CA" });
  const leaf = await issueTestCertificate({
    issuer: ca,
    subject: options.subject ?? { CN: "workload-1", OU: ["Security", "Engineering"], O: "Example" },
    key: options.rsa ? { type: "RSA", bits: 2048 } : { type: "EC", curve: "P-256" },
    san: { dns: ["workload-1.example.com"], uri: ["spiffe://example.com/workload-1"] },
  });
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  const combined = join(dir, "combined.pem");
  const chain = join(dir, "chain.pem");
  await writeFile(cert, leaf.certificatePem);
  await writeFile(key, leaf.key.privateKeyPem, { mode: 0o600 });
  await writeFile(combined, leaf.certificatePem + leaf.key.privateKeyPem, { mode: 0o600 });
  await writeFile(chain, ca.certificatePem);
  return { dir, cert, key, combined, chain, leaf, ca, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The session flags for `files` against `endpoint`. */
export function sessionArgs(files: { cert: string; key?: string }, endpoint: string): string[] {
  return [
    "--certificate",
    files.cert,
    ...(files.key ? ["--private-key", files.key] : []),
    "--trust-anchor-arn",
    TRUST_ANCHOR_ARN,
    "--profile-arn",
    PROFILE_ARN,
    "--role-arn",
    ROLE_ARN,
    "--endpoint",
    endpoint,
  ];
}

/** Asserts-by-return: true when none of the secrets appear in `text`. */
export function hasNoSecrets(text: string, extra: string[] = []): boolean {
  return [SECRET_ACCESS_KEY, SESSION_TOKEN, "PRIVATE KEY-----\nMI", ...extra].every((s) => !text.includes(s));
}

/** The identity files and CreateSession stub that a CLI test file shares. */
export interface IdentityAndStub {
  readonly ids: IdentityFiles;
  readonly stub: StubServer;
}

/**
 * Registers the file's hooks: a fresh identity (CA, leaf, files) and a CreateSession stub
 * before its tests, both removed after them. Read them through the returned object.
 */
export function useIdentityAndStub(): IdentityAndStub {
  let ids: IdentityFiles | undefined;
  let stub: StubServer | undefined;
  beforeAll(async () => {
    ids = await makeIdentity();
    stub = await startCreateSessionStub();
  });
  afterAll(async () => {
    await stub?.close();
    await ids?.cleanup();
  });
  return {
    get ids() {
      return ids!;
    },
    get stub() {
      return stub!;
    },
  };
}

/**
 * The ARN and endpoint flags of a session against `emu` for `roleArn`, with trust anchor `TA` and
 * profile `PROFILE` unless other ids of the emulator's config are named.
 */
export function emulatorFlags(emu: Emulator, roleArn: string, ids: { anchor?: string; profile?: string } = {}): string[] {
  const anchor = ids.anchor ?? "TA";
  const profile = ids.profile ?? "PROFILE";
  const trustAnchorArn = emu.arns.trustAnchors[anchor];
  const profileArn = emu.arns.profiles[profile];
  if (!trustAnchorArn || !profileArn) throw new Error(`the emulator has no trust anchor ${anchor} or no profile ${profile}`);
  return ["--trust-anchor-arn", trustAnchorArn, "--profile-arn", profileArn, "--role-arn", roleArn, "--endpoint", emu.url];
}
