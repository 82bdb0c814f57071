/**
 * examples/kubernetes stays true: the manifests parse, their wiring agrees (port, token path, env
 * names, volumes, issuer), and the same wiring works here: `serve --ecs` from dist/cli.cjs with the
 * sidecar's own arguments (paths and ARNs mapped to a temporary directory and the emulator, port 0)
 * and an SDK v3 client using the default chain with the app container's two variables.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { COLD_RETRY_BUDGET_MS } from "../../src/cache/refreshTiming";
import { testLeaf } from "../support/fixtures";
import { isolateSdkEnv } from "../support/sdkEnv";
import { startTestEmulator } from "../support/testEmulator";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = join(root, "examples/kubernetes");

interface Mount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  restartPolicy?: string;
  env?: { name: string; value: string }[];
  volumeMounts?: Mount[];
  startupProbe?: { exec: { command: string[] }; periodSeconds: number; failureThreshold: number };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
}

const manifests = (file: string): Manifest[] =>
  parseAllDocuments(readFileSync(join(dir, file), "utf8")).map((document) => {
    expect(document.errors).toEqual([]);
    return document.toJS() as Manifest;
  });

const deployment = manifests("deployment.yaml").find((m) => m.kind === "Deployment")!;
const issuer = manifests("issuer.yaml").find((m) => m.kind === "Issuer")!;
const pod = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec as {
  initContainers: Container[];
  containers: Container[];
  volumes: { name: string; csi?: { driver: string; volumeAttributes: Record<string, string> }; emptyDir?: { medium?: string } }[];
};
const sidecar = pod.initContainers.find((c) => c.args?.[0] === "serve")!;
const app = pod.containers.find((c) => c.name === "app")!;
const flag = (name: string): string => sidecar.args![sidecar.args!.indexOf(name) + 1]!;
const envOf = (container: Container) => Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
const volumeAt = (container: Container, path: string) => container.volumeMounts?.find((m) => path.startsWith(`${m.mountPath}/`));

describe("examples/kubernetes manifests", () => {
  it("parse as Kubernetes objects of the expected kinds", () => {
    expect(deployment).toMatchObject({ apiVersion: "apps/v1", kind: "Deployment" });
    expect(issuer).toMatchObject({ apiVersion: "cert-manager.io/v1", kind: "Issuer" });
    expect(deployment.metadata.namespace).toBe(issuer.metadata.namespace);
  });

  it("run `serve --ecs` as a native sidecar on 127.0.0.1, and point the app at the same port and token file", () => {
    expect(sidecar.restartPolicy).toBe("Always");
    expect(sidecar.args).toContain("--ecs");
    expect(flag("--listen")).toBe("127.0.0.1");
    const port = flag("--port");
    const tokenFile = flag("--auth-token-file");
    expect(envOf(app)).toMatchObject({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/credentials`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
    });
    expect(volumeAt(sidecar, tokenFile)?.name).toBe("token");
    expect(volumeAt(app, tokenFile)).toMatchObject({ name: "token", readOnly: true });
    const writer = pod.initContainers.find((c) => c.command?.join(" ").includes(tokenFile))!;
    expect(pod.initContainers.indexOf(writer)).toBeLessThan(pod.initContainers.indexOf(sidecar));
    expect(volumeAt(writer, tokenFile)).toMatchObject({ name: "token" });
    expect(volumeAt(writer, tokenFile)?.readOnly).not.toBe(true);
    expect(pod.volumes.find((v) => v.name === "token")?.emptyDir?.medium).toBe("Memory");
  });

  it("give the certificate and key to the sidecar only, from cert-manager's csi-driver and the Issuer", () => {
    for (const file of [flag("--certificate"), flag("--private-key")]) {
      expect(volumeAt(sidecar, file)?.name).toBe("tls");
      expect(volumeAt(app, file)).toBeUndefined();
    }
    const tls = pod.volumes.find((v) => v.name === "tls")!;
    expect(tls.csi?.driver).toBe("csi.cert-manager.io");
    expect(tls.csi?.volumeAttributes).toMatchObject({
      "csi.cert-manager.io/issuer-name": issuer.metadata.name,
      "csi.cert-manager.io/issuer-kind": issuer.kind,
    });
  });

  it("probe the sidecar on its port for longer than a throttled cold start keeps trying", () => {
    const probe = sidecar.startupProbe!;
    expect(probe.exec.command.join(" ")).toContain(`connect(${flag("--port")}, "127.0.0.1")`);
    expect(probe.periodSeconds * probe.failureThreshold * 1000).toBeGreaterThan(COLD_RETRY_BUDGET_MS);
  });
});

/** Starts dist/cli.cjs with `args`; resolves with the URL it serves once it prints it (alone, on stdout). */
const startServe = (args: string[]): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "dist/cli.cjs"), ...args], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /^(http:\/\/\S+)\n/.exec(stdout)?.[1]; // serve prints its URL alone on stdout
      if (url) resolve({ child, url });
    });
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });

describe("examples/kubernetes wiring, run locally", () => {
  it("serve --ecs with the sidecar's arguments + an SDK v3 client with the app's two variables gets the role's credentials", async () => {
    const { emulator } = await startTestEmulator();
    const work = mkdtempSync(join(tmpdir(), "ra-k8s-"));
    let child: ChildProcess | undefined;
    try {
      const leaf = await testLeaf();
      const local = (path: string) => join(work, path.replace(/\//g, "_"));
      const tokenFile = flag("--auth-token-file");
      // The token init container's own command, with its path mapped here.
      const writer = pod.initContainers.find((c) => c.command?.join(" ").includes(tokenFile))!;
      execFileSync(
        process.execPath,
        writer.command!.slice(1).map((part) => part.replace(tokenFile, local(tokenFile))),
      );
      expect(readFileSync(local(tokenFile), "utf8")).toMatch(/^[0-9a-f]{64}$/);
      writeFileSync(local(flag("--certificate")), leaf.certificatePem);
      writeFileSync(local(flag("--private-key")), leaf.key.privateKeyPem, { mode: 0o600 });
      const replace: Record<string, string> = {
        "--port": "0",
        "--auth-token-file": local(tokenFile),
        "--certificate": local(flag("--certificate")),
        "--private-key": local(flag("--private-key")),
        "--trust-anchor-arn": emulator.arns.trustAnchors.TA!,
        "--profile-arn": emulator.arns.profiles.PROFILE!,
        "--role-arn": emulator.arns.roles["test-role"]!,
      };
      const args = sidecar.args!.map((arg, i) => replace[sidecar.args![i - 1]!] ?? arg);
      const served = await startServe([...args, "--endpoint", emulator.url]);
      child = served.child;
      const port = new URL(served.url).port;
      // The startup probe's own command, pointed at the port it got.
      const probe = sidecar.startupProbe!.exec.command;
      execFileSync(
        process.execPath,
        probe.slice(1).map((part) => part.replace(flag("--port"), port)),
      );
      const appEnv = envOf(app);
      expect(served.url).toBe(appEnv.AWS_CONTAINER_CREDENTIALS_FULL_URI!.replace(`:${flag("--port")}/`, `:${port}/`));
      const restore = isolateSdkEnv({
        AWS_CONTAINER_CREDENTIALS_FULL_URI: served.url,
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: local(appEnv.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE!),
      });
      try {
        const client = new STSClient({ region: "us-east-1", endpoint: emulator.stsUrl });
        try {
          const { Arn } = await client.send(new GetCallerIdentityCommand({}));
          expect(Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/test-role\//);
        } finally {
          client.destroy();
        }
      } finally {
        restore();
      }
    } finally {
      child?.kill();
      await emulator.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
