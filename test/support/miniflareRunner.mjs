// Runs Workers in workerd through miniflare and prints the responses as one JSON line.
// Miniflare needs Node >= 22, so the tests start this file with the node24 runtime:
//   <node24> miniflareRunner.mjs <job.json>
// job.json: { miniflare: "<miniflare package folder>", workers: [{ name, scriptPath,
//   compatibilityDate, compatibilityFlags, bindings }], requests: [{ worker, url }] }
// Each worker may only reach loopback addresses (the emulator listens on 127.0.0.1).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const entry = createRequire(join(job.miniflare, "package.json")).resolve("miniflare");
const { Miniflare } = await import(pathToFileURL(entry).href);

const mf = new Miniflare({
  workers: job.workers.map((worker) => ({
    name: worker.name,
    // The bundle as the only module, as `wrangler dev` and `wrangler deploy` pass it: workerd
    // loads it as is (miniflare's own import walker would reject the lazy `node:` imports).
    modules: [{ type: "ESModule", path: worker.scriptPath }],
    compatibilityDate: worker.compatibilityDate,
    compatibilityFlags: worker.compatibilityFlags ?? [],
    bindings: worker.bindings ?? {},
    outboundService: { network: { allow: ["local"] } },
  })),
});

const results = [];
try {
  for (const request of job.requests) {
    const worker = await mf.getWorker(request.worker);
    const response = await worker.fetch(request.url);
    results.push({ worker: request.worker, url: request.url, status: response.status, body: await response.text() });
  }
} finally {
  await mf.dispose();
}
console.log(`RESULTS ${JSON.stringify(results)}`);
