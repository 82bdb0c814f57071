import { readFileSync } from "node:fs";
import type * as http from "node:http";
import { bypassesProxy } from "./noProxy";
import { CliError, UsageError } from "../errors";
import type { ParsedFlags } from "../flags";
import { describeFsError } from "../../node/fsError";
import { shownPath } from "../../node/shownPath";

/**
 * TLS and proxy options for the Node transport, from `--no-verify-ssl`, `--with-proxy`,
 * `AWS_CA_BUNDLE`, `HTTPS_PROXY`/`HTTP_PROXY` and `NO_PROXY`.
 * @internal
 */
export interface CliTransportOptions {
  agent?: http.Agent;
  rejectUnauthorized?: boolean;
  ca?: string | Buffer;
}

/** @internal */
export async function buildTransportOptions(
  flags: ParsedFlags,
  env: Readonly<Record<string, string | undefined>>,
  endpoint: string | undefined,
): Promise<CliTransportOptions> {
  const out: CliTransportOptions = {};
  if (flags["no-verify-ssl"] === true) out.rejectUnauthorized = false;
  const bundle = env.AWS_CA_BUNDLE?.trim();
  if (bundle) {
    try {
      out.ca = readFileSync(bundle); // once, at start-up
    } catch (error) {
      throw new CliError(
        `cannot read AWS_CA_BUNDLE file ${shownPath(bundle)}: ${describeFsError(error)}. Fix the path or unset AWS_CA_BUNDLE.`,
      );
    }
  }
  if (flags["with-proxy"] === true) {
    const target = endpoint ? new URL(endpoint) : undefined;
    const targetProtocol = target?.protocol === "http:" ? "http:" : "https:";
    const proxyUrl =
      targetProtocol === "https:"
        ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy)
        : (env.HTTP_PROXY ?? env.http_proxy);
    const noProxy = env.NO_PROXY ?? env.no_proxy;
    if (!proxyUrl?.trim()) {
      throw new UsageError(
        `--with-proxy needs a proxy: set ${targetProtocol === "https:" ? "HTTPS_PROXY" : "HTTP_PROXY"}=http://proxy-host:port (or drop --with-proxy).`,
      );
    }
    try {
      new URL(proxyUrl.trim());
    } catch {
      throw new UsageError("the proxy variable (HTTPS_PROXY/HTTP_PROXY) is not a URL; use http://host:port.");
    }
    const skipAll =
      target !== undefined && bypassesProxy(target.hostname, Number(target.port) || (targetProtocol === "https:" ? 443 : 80), noProxy);
    if (!skipAll) {
      // The tunnel agent needs node:https, node:tls and node:net: loaded only with --with-proxy.
      const { createProxyAgent } = await import("./proxyAgent");
      out.agent = createProxyAgent({
        proxyUrl: proxyUrl.trim(),
        targetProtocol,
        ...(noProxy !== undefined ? { noProxy } : {}),
        ...(out.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
        ...(out.ca !== undefined ? { ca: out.ca } : {}),
      });
    }
  }
  return out;
}
