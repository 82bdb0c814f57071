// Preloaded (`node -r`) into one CLI run to see where its cold start goes: Node's own boot, each
// module the CLI requires (top level only, by package), the first WebCrypto call, the first
// signature, and exit. Prints one `BENCH-PROBE {json}` line to stderr at exit. Diagnostics only.
"use strict";
const Module = require("node:module");

const bootMs = process.uptime() * 1000;
const t0 = performance.now();
const since = () => performance.now() - t0;
const modules = {};
const marks = {};
let depth = 0;
let mainRunning = false;
let requiredDuringMain = 0;

const packageOf = (request) => {
  if (request.startsWith("node:") || Module.isBuiltin(request)) return `node:${request.replace(/^node:/, "")}`;
  if (request.startsWith(".") || request.startsWith("/")) return request.endsWith("cli.cjs") ? "cli.cjs itself" : "relative";
  const parts = request.split("/");
  return request.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
};

const load = Module._load;
Module._load = function probeLoad(request, parent, isMain, ...rest) {
  const start = performance.now();
  // A require made directly by the CLI: at depth 1 while its main module runs, at depth 0 when
  // it comes later from a lazy import().
  const direct = isMain || depth === (mainRunning ? 1 : 0);
  if (isMain) mainRunning = true;
  depth++;
  try {
    const exports = load.call(this, request, parent, isMain, ...rest);
    hook(request, exports);
    return exports;
  } finally {
    depth--;
    if (isMain) mainRunning = false;
    if (direct) {
      const key = packageOf(request);
      const ms = performance.now() - start;
      modules[key] = (modules[key] ?? 0) + ms;
      if (mainRunning) requiredDuringMain += ms;
    }
  }
};

const mark = (name) => {
  marks[name] ??= since();
};
// Hooks are put on modules when the CLI itself first loads them, so the probe loads nothing early.
const hooked = new Set();
const hookReadFile = (fsp) => {
  const readFile = fsp.readFile;
  fsp.readFile = async (...args) => {
    mark("first file read start");
    try {
      return await readFile(...args);
    } finally {
      mark("first file read end");
    }
  };
};
const hookRequest = (mod) => {
  const request = mod.request;
  mod.request = function probeRequest(...args) {
    mark("first HTTP request start");
    const req = request.apply(this, args);
    req.once("response", (res) => {
      mark("first HTTP response headers");
      res.once("end", () => mark("first HTTP response end"));
    });
    return req;
  };
};
// Pure-JS SHA-256 (@aws-crypto/sha256-js): total time in update/digestSync, first calls run cold.
const jsHash = { calls: 0, ms: 0 };
const hookSha256 = ({ Sha256 }) => {
  for (const method of ["update", "digestSync"]) {
    const original = Sha256.prototype[method];
    Sha256.prototype[method] = function probeHash(...args) {
      mark(`first sha256-js ${method}`);
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        jsHash.calls++;
        jsHash.ms += performance.now() - start;
      }
    };
  }
};
// asn1js.fromBER: the DER parsing behind certificate and key parsing.
const berParse = { calls: 0, ms: 0 };
const hookAsn1 = (asn1) => {
  const fromBER = asn1.fromBER;
  asn1.fromBER = (...args) => {
    mark("first asn1js fromBER");
    const start = performance.now();
    try {
      return fromBER(...args);
    } finally {
      berParse.calls++;
      berParse.ms += performance.now() - start;
    }
  };
};
const hook = (request, exports) => {
  const name = request.replace(/^node:/, "");
  if (hooked.has(name)) return;
  if (name === "fs/promises") hookReadFile(exports);
  else if (name === "http" || name === "https") {
    mark(`${name} loaded`);
    hookRequest(exports);
  } else if (name === "@aws-crypto/sha256-js") hookSha256(exports);
  else if (name === "asn1js") hookAsn1(exports);
  else return;
  hooked.add(name);
};

const subtle = globalThis.crypto.subtle;
const crypto = {};
for (const method of ["importKey", "exportKey", "sign", "verify", "digest"]) {
  const original = subtle[method].bind(subtle);
  subtle[method] = async (...args) => {
    mark(`first ${method} start`);
    const start = performance.now();
    try {
      return await original(...args);
    } finally {
      const entry = (crypto[method] ??= { calls: 0, ms: 0 });
      entry.calls++;
      entry.ms += performance.now() - start;
      mark(`first ${method} end`);
    }
  };
}

process.on("exit", () => {
  // cli.cjs's own time excludes what it required while it ran.
  if (modules["cli.cjs itself"] !== undefined) modules["cli.cjs itself"] -= requiredDuringMain;
  process.stderr.write(
    `BENCH-PROBE ${JSON.stringify({ bootMs, modules, marks, crypto: { ...crypto, "sha256-js update+digestSync": jsHash, "asn1js fromBER": berParse }, exitAt: since() })}\n`,
  );
});
