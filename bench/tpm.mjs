// `npm run bench:tpm`: what one signature costs with a TPM key, on a software TPM (swtpm) started
// for the run: a TSS2 key file (one `openssl pkeyutl` process per signature through the tpm2
// provider, as roles-anywhere signs) against the bare openssl command, and the same TPM as a PKCS#11
// token (tpm2-pkcs11, in-process). Prints a Markdown table and writes bench/tpm-results.json.
// Needs swtpm, tpm2-tools, tpm2-openssl and libtpm2-pkcs11-1 (see .ci/run); every process it
// starts is stopped at the end.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { arch, cpus, loadavg, release, tmpdir, totalmem, type } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { makeRow } from "./lib/row.mjs";
import { interleaved, summarize, timeMs } from "./lib/stats.mjs";
import { renderMachine, renderTable } from "./lib/table.mjs";
import { createTss2Key, startSwtpm, swtpmMissing, tpm2Pkcs11Module, tpmCsr, tpmOpenssl } from "../test/support/swtpm.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (message) => process.stderr.write(`bench:tpm: ${message}\n`);
const SECTION = "TPM signature";
const PLAN = { warmup: 3, iterations: 30 };
const DATA = new TextEncoder().encode(
  "AWS4-X509-ECDSA-SHA256\n20261201T000000Z\n20261201/us-east-1/rolesanywhere/aws4_request\n" + "0".repeat(64),
);

if (swtpmMissing) {
  log(`cannot run: ${swtpmMissing}`);
  process.exit(1);
}
if (!existsSync(join(root, "dist/index.js"))) execFileSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });

const dir = await mkdtemp(join(tmpdir(), "ra-bench-tpm-"));
const tpm = await startSwtpm(dir);
const rows = [];
const loadAtStart = loadavg()[0];
try {
  // The library's openssl runs find the TPM through TPM2OPENSSL_TCTI.
  Object.assign(process.env, tpm.env);
  const lib = await import(pathToFileURL(join(root, "dist/index.js")).href);
  // A throw-away CA for the certificates the identities need.
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      join(dir, "ca.key"),
      "-out",
      join(dir, "ca.pem"),
      "-subj",
      "/CN=Bench TPM CA",
      "-days",
      "2",
    ],
    { stdio: "pipe" },
  );
  const issue = async (name, csr) => {
    await writeFile(join(dir, `${name}.csr`), csr);
    execFileSync(
      "openssl",
      [
        "x509",
        "-req",
        "-in",
        join(dir, `${name}.csr`),
        "-CA",
        join(dir, "ca.pem"),
        "-CAkey",
        join(dir, "ca.key"),
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        join(dir, `${name}.pem`),
      ],
      { stdio: "pipe" },
    );
    return readFile(join(dir, `${name}.pem`), "utf8");
  };

  for (const [kind, spec, password] of [
    ["p256", { type: "EC" }, undefined],
    ["rsa2048", { type: "RSA" }, "bench-pass"],
  ]) {
    log(`TSS2 key file, ${kind}…`);
    const keyFile = createTss2Key(tpm, join(dir, `${kind}.tss2.pem`), spec, password);
    const certificate = await issue(kind, tpmCsr(tpm, keyFile, `bench-${kind}`, password));
    const identity = await lib.loadSigningIdentity(
      { certificate, privateKey: await readFile(keyFile, "utf8"), ...(password ? { tpmKeyPassword: password } : {}) },
      new Date(),
    );
    const bare = () => {
      const r = spawnSync(
        "openssl",
        [
          "pkeyutl",
          "-sign",
          "-provider",
          "tpm2",
          "-provider",
          "default",
          "-inkey",
          keyFile,
          "-rawin",
          "-digest",
          "sha256",
          ...(password ? ["-passin", `pass:${password}`] : []),
        ],
        { input: DATA, env: process.env },
      );
      if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
    };
    const [ours, baseline] = await interleaved([() => identity.signer.sign(DATA), bare], PLAN);
    const o = summarize(ours);
    const b = summarize(baseline);
    rows.push(
      makeRow({
        id: `tpm.tss2.${kind}`,
        section: SECTION,
        label: `TPM signature, TSS2 key file, ${kind === "p256" ? "P-256" : "RSA-2048 with a password"}`,
        unit: "ms",
        ours: o,
        baseline: { label: "openssl pkeyutl -provider tpm2", ...b },
        ratio: o.median / b.median,
        verdict: "no goal",
        note: "one openssl process per signature: load the key under the standard primary key (recreated each time), sign, flush",
      }),
    );
  }

  if (tpm2Pkcs11Module) {
    // After the TSS2 rows: tpm2-pkcs11 keeps its connection to swtpm (one client at a time) until the process ends.
    log("PKCS#11 token (tpm2-pkcs11)…");
    const store = join(dir, "store");
    await mkdir(store);
    process.env.TPM2_PKCS11_STORE = store;
    const setup = JSON.parse(
      execFileSync(process.execPath, [join(root, "test/support/tpmPkcs11Token.mjs"), "setup", tpm2Pkcs11Module, "bench", "5678", "1234"], {
        env: process.env,
        encoding: "utf8",
      }),
    );
    execFileSync("tpm2_flushcontext", ["-t"], { env: process.env });
    for (const [kind, label] of [
      ["p256", "ec"],
      ["rsa2048", "rsa"],
    ]) {
      const certificate = await issue(`p11-${kind}`, setup[label].csr);
      const identity = await lib.loadSigningIdentity(
        { certificate, privateKey: `pkcs11:token=bench;object=${label};type=private`, pkcs11Module: tpm2Pkcs11Module, pkcs11Pin: "1234" },
        new Date(),
      );
      const samples = [];
      for (let i = 0; i < PLAN.warmup + PLAN.iterations; i++) {
        const ms = await timeMs(() => identity.signer.sign(DATA));
        if (i >= PLAN.warmup) samples.push(ms);
      }
      rows.push(
        makeRow({
          id: `tpm.pkcs11.${kind}`,
          section: SECTION,
          label: `TPM signature, PKCS#11 token (tpm2-pkcs11), ${kind === "p256" ? "P-256" : "RSA-2048"}`,
          unit: "ms",
          ours: summarize(samples),
          verdict: "no goal",
          note: "in-process: a session and a login per signature, the key loaded into the TPM each time",
        }),
      );
    }
  }
} finally {
  await tpm.stop();
  await rm(dir, { recursive: true, force: true });
}

const results = {
  schema: 1,
  date: new Date().toISOString(),
  machine: {
    cpu: cpus()[0]?.model?.trim() ?? "unknown",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()} ${arch()}`,
    node: process.version,
    loadAverage1mAtStart: Math.round(loadAtStart * 100) / 100,
    loadAverage1mAtEnd: Math.round(loadavg()[0] * 100) / 100,
  },
  tpm: "swtpm (software TPM over TCP on 127.0.0.1); a hardware TPM computes more slowly; time roles-anywhere sign-string with the key on that machine to see its cost",
  rows,
};
await writeFile(join(root, "bench/tpm-results.json"), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${renderTable(rows)}\n\n${renderMachine(results)}\n`);
