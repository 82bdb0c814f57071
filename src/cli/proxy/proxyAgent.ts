import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as tls from "node:tls";
import type { Duplex } from "node:stream";
import { bypassesProxy } from "./noProxy";

/**
 * Options of {@link createProxyAgent}.
 * @internal
 */
export interface ProxyAgentOptions {
  /** `http://[user:pass@]host:port` or `https://...` of the proxy. */
  readonly proxyUrl: string;
  /** Value of `NO_PROXY`. */
  readonly noProxy?: string;
  /** Protocol of the target (the endpoint), default `https:`. */
  readonly targetProtocol?: "https:" | "http:";
  readonly rejectUnauthorized?: boolean;
  /** Extra CA certificates (AWS_CA_BUNDLE) for the target, and for an https proxy. */
  readonly ca?: string | Buffer;
}

type ConnectCallback = (err: Error | null, socket?: Duplex) => void;

/**
 * An `http(s).Agent` that reaches the target through an HTTP `CONNECT` tunnel (the way curl and the
 * AWS CLI use `HTTPS_PROXY`), then runs TLS end to end with the target inside the tunnel.
 * Hosts matching `NO_PROXY` are connected to directly. Proxy credentials never appear in errors.
 * @internal
 */
export function createProxyAgent(options: ProxyAgentOptions): http.Agent {
  const proxy = new URL(options.proxyUrl);
  if (proxy.protocol !== "http:" && proxy.protocol !== "https:") {
    throw new Error(`proxy URL must start with http:// or https:// (got "${proxy.protocol}")`);
  }
  const proxyPort = Number(proxy.port) || (proxy.protocol === "https:" ? 443 : 80);
  const proxyName = `${proxy.hostname}:${proxyPort}`;
  const auth =
    proxy.username || proxy.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}`
      : undefined;
  const secureTarget = (options.targetProtocol ?? "https:") === "https:";
  const tlsExtras: tls.ConnectionOptions = {};
  if (options.ca !== undefined) tlsExtras.ca = [...tls.rootCertificates, options.ca.toString()];
  if (options.rejectUnauthorized === false) tlsExtras.rejectUnauthorized = false;

  const wrapTarget = (socket: Duplex | undefined, host: string, port: number, reqOptions: tls.ConnectionOptions): Duplex => {
    if (!secureTarget) return socket ?? net.connect(port, host);
    const secure = tls.connect({
      ...pickTls(reqOptions),
      ...tlsExtras,
      ...(socket ? { socket } : { host, port }),
      host,
      servername: net.isIP(host) ? undefined : host,
    } as tls.ConnectionOptions);
    // Make sure the tunnel socket goes when the TLS layer does (an https proxy's socket is wrapped twice).
    if (socket) secure.once("close", () => socket.destroy());
    return secure;
  };

  const createConnection = (reqOptions: tls.ConnectionOptions & { host?: string; port?: number | string }, callback: ConnectCallback) => {
    const host = (reqOptions.host ?? "localhost").replace(/^\[(.*)\]$/, "$1");
    const port = Number(reqOptions.port) || (secureTarget ? 443 : 80);
    if (bypassesProxy(host, port, options.noProxy)) return wrapTarget(undefined, host, port, reqOptions);

    const toProxy: Duplex =
      proxy.protocol === "https:"
        ? tls.connect({ host: proxy.hostname, port: proxyPort, servername: proxy.hostname, ...tlsExtras })
        : net.connect(proxyPort, proxy.hostname);
    const authority = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
    let buffered = Buffer.alloc(0);
    let done = false;
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      toProxy.destroy();
      callback(err);
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf("\r\n\r\n");
      if (end === -1) {
        if (buffered.length > 16384) fail(new Error(`proxy ${proxyName} sent an oversized CONNECT response`));
        return;
      }
      toProxy.off("data", onData);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(buffered.subarray(0, end).toString("latin1"));
      if (!status || status[1] !== "200") {
        fail(
          new Error(
            `proxy ${proxyName} refused to tunnel to ${authority}` +
              (status ? ` (HTTP ${status[1]}${status[1] === "407" ? ": proxy authentication required or wrong" : ""})` : " (bad response)"),
          ),
        );
        return;
      }
      if (buffered.length > end + 4) toProxy.unshift(buffered.subarray(end + 4));
      done = true;
      callback(null, wrapTarget(toProxy, host, port, reqOptions));
    };
    toProxy.on("data", onData);
    toProxy.once("error", (err: Error & { code?: string }) =>
      fail(new Error(`cannot reach proxy ${proxyName}: ${err.code ?? err.message}`)),
    );
    toProxy.once("close", () => fail(new Error(`proxy ${proxyName} closed the connection before the tunnel to ${authority} was open`)));
    toProxy.once(proxy.protocol === "https:" ? "secureConnect" : "connect", () => {
      toProxy.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ""}\r\n`);
    });
    return undefined;
  };

  const agent = secureTarget ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
  (agent as unknown as { createConnection: typeof createConnection }).createConnection = createConnection;
  return agent;
}

function pickTls(options: tls.ConnectionOptions): tls.ConnectionOptions {
  const out: tls.ConnectionOptions = {};
  if (options.ca !== undefined) out.ca = options.ca;
  if (options.rejectUnauthorized !== undefined) out.rejectUnauthorized = options.rejectUnauthorized;
  if (options.minVersion !== undefined) out.minVersion = options.minVersion;
  return out;
}
