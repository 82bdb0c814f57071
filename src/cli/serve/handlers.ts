import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TokenStore } from "./tokenStore";
import { isoSeconds } from "../../encoding/isoSeconds";

/** Credentials a server hands out. @internal */
export interface ServedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
  readonly accountId?: string;
  /** When these credentials were fetched from Roles Anywhere (IMDS's `LastUpdated`). */
  readonly lastUpdated?: Date;
}

/** A request handler. @internal */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** @internal */
export interface ImdsHandlerOptions {
  getCredentials(): Promise<ServedCredentials>;
  /** Role name served in the listing (last path segment of the role ARN). */
  roleName: string;
  tokens: TokenStore;
  now?: () => Date;
  /** Refuse token requests whose client the hop limit would not reach (see serve's --hop-limit). */
  allowTokenRequest?: (req: IncomingMessage) => boolean;
  /** Called with a failure to get credentials (already redacted text is the caller's job). */
  onError?: (error: unknown) => void;
}

/** IMDS answers every metadata document, the JSON credentials included, as `text/plain`. */
const IMDS_TYPE = "text/plain";

const TOKEN_PATH = "/latest/api/token";
/** The one path of the ECS container-credentials endpoint (`serve --ecs` prints it). @internal */
export const ECS_PATH = "/credentials";
const CREDS_PATH = "/latest/meta-data/iam/security-credentials";
const CREDS_EXTENDED_PATH = "/latest/meta-data/iam/security-credentials-extended";
const MAX_TTL = 21600;

/**
 * An IMDSv2-compatible handler: `PUT /latest/api/token`, then with the token
 * `GET /latest/meta-data/iam/security-credentials/` (role name) and `.../<role>` (credentials JSON in
 * EC2's field order, `LastUpdated` = when the credentials were fetched), plus the
 * `security-credentials-extended` variant that adds `AccountId`. Content types are IMDS's:
 * `text/plain` for the token, the role listing and the credentials document.
 * @internal
 */
export function createImdsHandler(options: ImdsHandlerOptions): Handler {
  const now = options.now ?? (() => new Date());
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "") || "/";
    if (path === TOKEN_PATH) {
      if (req.method !== "PUT") return send(res, 405, "text/plain", "method not allowed", { Allow: "PUT" });
      if (req.headers["x-forwarded-for"] !== undefined) return send(res, 400, "text/plain", "forwarded requests are not allowed");
      if (options.allowTokenRequest && !options.allowTokenRequest(req)) {
        return send(res, 403, "text/plain", "hop limit exceeded: token requests are accepted from this host only");
      }
      const header = req.headers["x-aws-ec2-metadata-token-ttl-seconds"];
      const ttlText = Array.isArray(header) ? header[0] : header;
      const ttl = ttlText === undefined ? MAX_TTL : /^\d+$/.test(ttlText.trim()) ? Number(ttlText.trim()) : NaN;
      if (!(ttl >= 1 && ttl <= MAX_TTL)) return send(res, 400, "text/plain", "invalid TTL: use 1-21600 seconds");
      const token = options.tokens.issue(ttl);
      return send(res, 200, IMDS_TYPE, token, { "X-Aws-Ec2-Metadata-Token-Ttl-Seconds": String(ttl) });
    }
    const extended = path.startsWith(CREDS_EXTENDED_PATH);
    const base = extended ? CREDS_EXTENDED_PATH : CREDS_PATH;
    if (path !== base && !path.startsWith(`${base}/`)) return send(res, 404, "text/plain", "not found");
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "method not allowed", { Allow: "GET" });
    const tokenHeader = req.headers["x-aws-ec2-metadata-token"];
    const state = options.tokens.check(Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader);
    if (state !== "valid") return send(res, 401, "text/plain", state === "missing" ? "no token provided" : "invalid token provided");
    if (path === base) return send(res, 200, IMDS_TYPE, options.roleName);
    if (path !== `${base}/${options.roleName}`) return send(res, 404, "text/plain", "not found");
    void options.getCredentials().then(
      (c) => {
        const body: Record<string, string> = {
          Code: "Success",
          LastUpdated: isoSeconds(c.lastUpdated ?? now()),
          Type: "AWS-HMAC",
          AccessKeyId: c.accessKeyId,
          SecretAccessKey: c.secretAccessKey,
          Token: c.sessionToken,
          Expiration: c.expiration ? isoSeconds(c.expiration) : "",
        };
        const ordered = {
          AccessKeyId: body.AccessKeyId,
          SecretAccessKey: body.SecretAccessKey,
          Token: body.Token,
          Code: body.Code,
          Type: body.Type,
          Expiration: body.Expiration,
          LastUpdated: body.LastUpdated,
          ...(extended && c.accountId ? { AccountId: c.accountId } : {}),
        };
        send(res, 200, IMDS_TYPE, JSON.stringify(ordered));
      },
      (error: unknown) => {
        options.onError?.(error);
        send(
          res,
          500,
          "application/json",
          JSON.stringify({ Code: "Failed", Message: "could not get credentials from IAM Roles Anywhere; see the server's log" }),
        );
      },
    );
  };
}

/** @internal */
export interface EcsHandlerOptions {
  getCredentials(): Promise<ServedCredentials>;
  /** The value clients must send in `Authorization`. */
  authToken: string;
  roleArn?: string;
  onError?: (error: unknown) => void;
}

/**
 * An ECS container-credentials handler (`AWS_CONTAINER_CREDENTIALS_FULL_URI` +
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN`) on {@link ECS_PATH} only (404 elsewhere): `GET` with `Authorization: <token>` returns
 * `{AccessKeyId, SecretAccessKey, Token, Expiration, RoleArn, AccountId}`. A missing token is 401,
 * a wrong one 403 (compared in constant time).
 * @internal
 */
export function createEcsHandler(options: EcsHandlerOptions): Handler {
  const expected = Buffer.from(options.authToken, "utf8");
  return (req, res) => {
    if ((req.url ?? "/").split("?")[0] !== ECS_PATH) return send(res, 404, "application/json", error("not found"));
    if (req.method !== "GET" && req.method !== "HEAD")
      return send(res, 405, "application/json", error("method not allowed"), { Allow: "GET" });
    const header = req.headers.authorization;
    if (header === undefined || header === "") return send(res, 401, "application/json", error("missing Authorization header"));
    const given = Buffer.from(header, "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return send(res, 403, "application/json", error("invalid authorization token"));
    }
    void options.getCredentials().then(
      (c) => {
        send(
          res,
          200,
          "application/json",
          JSON.stringify({
            AccessKeyId: c.accessKeyId,
            SecretAccessKey: c.secretAccessKey,
            Token: c.sessionToken,
            Expiration: c.expiration ? isoSeconds(c.expiration) : undefined,
            ...(options.roleArn ? { RoleArn: options.roleArn } : {}),
            ...(c.accountId ? { AccountId: c.accountId } : {}),
          }),
        );
      },
      (err: unknown) => {
        options.onError?.(err);
        send(res, 500, "application/json", error("could not get credentials from IAM Roles Anywhere; see the server's log"));
      },
    );
  };
}

function error(message: string): string {
  return JSON.stringify({ code: "Error", message });
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store", ...headers });
  res.end(res.req.method === "HEAD" ? undefined : body);
}
