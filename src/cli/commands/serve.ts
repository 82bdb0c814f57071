import { readFile } from "node:fs/promises";
import type { IncomingMessage, Server } from "node:http";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import { ECS_PATH, createEcsHandler, createImdsHandler } from "../serve/handlers";
import { SERVE_LIMITS, createLimitedServer } from "../../node/limitedServer";
import { guardRequests, isLoopback } from "../serve/requestGuard";
import { serveWhileValid } from "../serve/serveWhileValid";
import { createTokenStore } from "../serve/tokenStore";
import type { CommandContext } from "../context";
import { CliError, EXIT_OK, UsageError } from "../errors";
import { checkPathValue, shownPath } from "../pathValue";
import { openSession } from "../session";
import { describeFsError } from "../../node/fsError";
import { CLI_WORDS, cliMessage } from "../cliWords";
import { listenErrorMessage } from "../../emulator/http/listenError";

/**
 * `serve`: an IMDSv2-compatible endpoint (default) or an ECS container-credentials endpoint
 * (`--ecs`) on `--listen`:`--port` (default 127.0.0.1:9911). Credentials are fetched once at
 * start (a failure there exits 1), then cached and refreshed ahead of expiry in the background:
 * a request never waits for a refresh while the cached credentials are valid, a failed or hung
 * refresh keeps serving them, and empty credentials are never served.
 * @internal
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { flags, io } = ctx;
  const port = parseIntFlag(flags.port, "--port", 0, 65535, 9911);
  const hopLimit = parseIntFlag(flags["hop-limit"], "--hop-limit", 1, 255, 64);
  const host = parseListen(flags.listen);
  const ecs = flags.ecs === true;
  if (!ecs && flags["auth-token-file"] !== undefined) throw new UsageError("--auth-token-file only applies with --ecs.");
  const authToken = ecs ? await loadAuthToken(ctx) : undefined;
  if (authToken) ctx.redactor.add(authToken);
  if (!isLoopback(host)) {
    if (!ecs && flags["allow-non-loopback"] !== true) {
      throw new UsageError(
        `--listen ${host} is not a loopback address: every host that can reach it would get these credentials, with no secret to present (IMDSv2 tokens are free for the asking). ` +
          "Keep the default 127.0.0.1, add --ecs (clients must present AWS_CONTAINER_AUTHORIZATION_TOKEN), or add --allow-non-loopback if every host on that network may have them.",
      );
    }
    ctx.stderr.write(
      `roles-anywhere serve: WARNING: listening on ${host}, not on a loopback address: ${
        ecs ? "any host that can reach it and holds the authorization token" : "ANY HOST that can reach it"
      } gets these credentials. Restrict access with a firewall.\n`,
    );
  }

  const session = await openSession(ctx);
  const onError = (error: unknown) => ctx.stderr.write(`roles-anywhere serve: refresh failed: ${cliMessage(error)}\n`);
  // Clients never wait for a refresh while the cached credentials are still valid.
  const getCredentials = serveWhileValid(session.cached(), { onError });
  await getCredentials();
  const roleArn = session.init.roleArn;
  const roleName = roleArn.slice(roleArn.lastIndexOf("/") + 1);
  const handler = authToken
    ? createEcsHandler({ getCredentials, authToken, roleArn, onError })
    : createImdsHandler({
        getCredentials,
        roleName,
        tokens: createTokenStore(),
        onError,
        ...(hopLimit === 1 ? { allowTokenRequest: fromThisHost } : {}),
      });
  const server = createLimitedServer(SERVE_LIMITS, guardRequests(handler, host));
  await listen(server, port, host);
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const base = `http://${isIP(host) === 6 ? `[${host}]` : host}:${actualPort}`;
  const url = authToken ? `${base}${ECS_PATH}` : `${base}/`;
  // stdout: what a script reads (the URL alone, or one JSON line); stderr: the same for people.
  const environment = authToken ? { AWS_CONTAINER_CREDENTIALS_FULL_URI: url } : { AWS_EC2_METADATA_SERVICE_ENDPOINT: url };
  io.stdout.write(flags.json === true ? `${JSON.stringify({ url, api: authToken ? "ecs" : "imds", roleArn, environment })}\n` : `${url}\n`);
  ctx.stderr.write(
    authToken
      ? `Serving ECS container credentials for ${roleArn} at ${url} (clients: AWS_CONTAINER_CREDENTIALS_FULL_URI=${url} and AWS_CONTAINER_AUTHORIZATION_TOKEN)\n`
      : `Serving IMDSv2 credentials for role ${roleName} at ${url} (clients: AWS_EC2_METADATA_SERVICE_ENDPOINT=${url})\n`,
  );
  io.onListening?.({ url });
  await untilAborted(io.signal);
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return EXIT_OK;
}

function parseIntFlag(value: string | boolean | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}.`);
  }
  return Number(value);
}

function parseListen(value: string | boolean | undefined): string {
  if (value === undefined) return "127.0.0.1";
  const text = typeof value === "string" ? value.trim().replace(/^\[(.*)\]$/, "$1") : "";
  if (text === "localhost") return "127.0.0.1";
  if (isIP(text) === 0) {
    throw new UsageError(`--listen must be an IPv4 or IPv6 address such as 127.0.0.1 or ::1 (got "${String(value).slice(0, 40)}").`);
  }
  return text;
}

async function loadAuthToken(ctx: CommandContext): Promise<string> {
  const flagFile = ctx.flags["auth-token-file"];
  const file = typeof flagFile === "string" ? flagFile : ctx.io.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
  let token = file === undefined ? ctx.io.env.AWS_CONTAINER_AUTHORIZATION_TOKEN : undefined;
  if (file !== undefined) {
    checkPathValue(file, typeof flagFile === "string" ? "--auth-token-file" : "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    try {
      token = await readFile(file, "utf8");
    } catch (error) {
      throw new CliError(`cannot read the authorization token file ${shownPath(file)}: ${describeFsError(error)}.`);
    }
  }
  token = token?.trim();
  if (!token) {
    throw new UsageError(
      "--ecs needs an authorization token that clients must present: set AWS_CONTAINER_AUTHORIZATION_TOKEN (or pass --auth-token-file <file>) " +
        "to a long random value, and give clients the same AWS_CONTAINER_AUTHORIZATION_TOKEN.",
    );
  }
  if (/[\r\n]/.test(token)) throw new UsageError("the authorization token must be a single line.");
  return token;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const message = listenErrorMessage(error.code, error.message, host, port)(CLI_WORDS);
      reject(new CliError(error.code === "EADDRNOTAVAIL" ? `${message.slice(0, -1)} (--listen).` : message));
    });
    server.listen(port, host, () => resolve());
  });
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return; // runs until the process is killed
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/**
 * Node cannot set the IP TTL of TCP sockets, so `--hop-limit 1` is enforced by what it is for:
 * only clients on this host's own addresses (not containers or other hosts) may get a token.
 */
function fromThisHost(req: IncomingMessage): boolean {
  const remote = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  if (remote.startsWith("127.") || remote === "::1") return true;
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (entry.address === remote) return true;
  }
  return false;
}
