import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect } from "node:net";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bypassesProxy } from "../../src/cli/proxy/noProxy";
import { issueTestCertificate } from "../support/pki";
import { type IdentityFiles, hasNoSecrets, makeIdentity, runCli, sessionArgs, sessionBody } from "../support/cli";

let ids: IdentityFiles;
let tlsServer: Server;
let tlsPort: number;
let proxy: Server;
let proxyPort: number;
let caFile: string;
const tunnels: { target: string; auth?: string }[] = [];
const openSockets = new Set<import("node:net").Socket>();
let proxyStatus = 200;

const listen = (server: Server) =>
  new Promise<number>((r) => server.listen(0, "127.0.0.1", () => r((server.address() as { port: number }).port)));
const close = (server: Server) =>
  new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });

beforeAll(async () => {
  ids = await makeIdentity();
  const serverCert = await issueTestCertificate({
    issuer: ids.ca,
    subject: { CN: "localhost" },
    san: { dns: ["localhost"] },
    keyUsage: ["digitalSignature", "keyEncipherment"],
  });
  caFile = join(ids.dir, "ca-bundle.pem");
  await writeFile(caFile, ids.ca.certificatePem);
  tlsServer = createHttpsServer({ key: serverCert.key.privateKeyPem, cert: serverCert.certificatePem }, (req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(201, { "Content-Type": "application/json" });
      res.end(sessionBody());
    });
  });
  tlsPort = await listen(tlsServer);
  // A CONNECT proxy that records what it tunnels and always connects to 127.0.0.1.
  proxy = createHttpServer((_req, res) => res.writeHead(405).end());
  proxy.on("connect", (req, socket, head) => {
    openSockets.add(socket as import("node:net").Socket);
    socket.on("close", () => openSockets.delete(socket as import("node:net").Socket));
    tunnels.push({ target: req.url ?? "", ...(req.headers["proxy-authorization"] ? { auth: req.headers["proxy-authorization"] } : {}) });
    if (proxyStatus !== 200) {
      socket.end(`HTTP/1.1 ${proxyStatus} Nope\r\n\r\n`);
      return;
    }
    const port = Number((req.url ?? "").split(":").pop());
    const upstream = connect(port, "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("close", () => socket.destroy());
    socket.on("close", () => upstream.destroy());
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  proxyPort = await listen(proxy);
});
afterAll(async () => {
  for (const s of openSockets) s.destroy();
  await close(tlsServer);
  await close(proxy);
  await ids.cleanup();
});

describe("TLS options and --with-proxy", () => {
  const endpoint = () => `https://localhost:${tlsPort}`;

  it("tunnels through HTTPS_PROXY with CONNECT, verifying the endpoint against AWS_CA_BUNDLE; proxy credentials are sent but never printed", async () => {
    tunnels.length = 0;
    const r = await runCli(["credential-process", ...sessionArgs(ids, endpoint()), "--with-proxy"], {
      env: { HTTPS_PROXY: `http://alice:pa%40ss-w0rd@127.0.0.1:${proxyPort}`, AWS_CA_BUNDLE: caFile },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).Version).toBe(1);
    expect(tunnels).toEqual([{ target: `localhost:${tlsPort}`, auth: `Basic ${Buffer.from("alice:pa@ss-w0rd").toString("base64")}` }]);
  });

  it("without --with-proxy the proxy variables are ignored", async () => {
    tunnels.length = 0;
    const r = await runCli(["credential-process", ...sessionArgs(ids, `https://127.0.0.1:${tlsPort}`), "--no-verify-ssl"], {
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}` },
    });
    expect(r.code).toBe(0);
    expect(tunnels).toHaveLength(0);
  });

  it("NO_PROXY matching the endpoint skips the proxy", async () => {
    tunnels.length = 0;
    const r = await runCli(["credential-process", ...sessionArgs(ids, `https://127.0.0.1:${tlsPort}`), "--with-proxy", "--no-verify-ssl"], {
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: "example.com,127.0.0.1" },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(tunnels).toHaveLength(0);
  });

  it("an untrusted endpoint certificate fails (exit 1) unless --no-verify-ssl", async () => {
    const strict = await runCli(["credential-process", ...sessionArgs(ids, endpoint()), "--with-proxy"], {
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}` },
    });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe("");
    expect(strict.stderr).toMatch(/^roles-anywhere credential-process: .*(certificate|self-signed|issuer)/i);
    const lax = await runCli(["credential-process", ...sessionArgs(ids, endpoint()), "--with-proxy", "--no-verify-ssl"], {
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}` },
    });
    expect(lax.code).toBe(0);
  });

  it("a proxy that refuses the tunnel (407) is a runtime error naming the proxy, not its password", async () => {
    proxyStatus = 407;
    try {
      const r = await runCli(["credential-process", ...sessionArgs(ids, endpoint()), "--with-proxy"], {
        env: { HTTPS_PROXY: `http://bob:hunter2-secret@127.0.0.1:${proxyPort}`, AWS_CA_BUNDLE: caFile },
      });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(new RegExp(`proxy 127\\.0\\.0\\.1:${proxyPort} refused to tunnel to localhost:${tlsPort} \\(HTTP 407`));
      expect(hasNoSecrets(r.stderr, ["hunter2-secret"])).toBe(true);
    } finally {
      proxyStatus = 200;
    }
  });
});

describe("bypassesProxy (NO_PROXY)", () => {
  it.each([
    ["rolesanywhere.us-east-1.amazonaws.com", 443, "amazonaws.com", true],
    ["rolesanywhere.us-east-1.amazonaws.com", 443, ".amazonaws.com", true],
    ["rolesanywhere.us-east-1.amazonaws.com", 443, "*.amazonaws.com", true],
    ["notamazonaws.com", 443, "amazonaws.com", false],
    ["localhost", 8443, "localhost:8443", true],
    ["localhost", 443, "localhost:8443", false],
    ["::1", 443, "[::1]", true],
    ["10.0.0.1", 443, "10.0.0.2, 10.0.0.1", true],
    ["anything", 443, "*", true],
    ["anything", 443, "", false],
  ])("%s:%d with NO_PROXY=%j → %s", (host, port, noProxy, expected) => {
    expect(bypassesProxy(host, port, noProxy)).toBe(expected);
  });
});
