// Emulator throughput: CreateSession requests per second the emulator verifies and answers, for an
// RSA-2048 and a P-256 client certificate. The emulator runs in a worker thread (its own core);
// the main thread replays pre-signed requests over keep-alive connections.
import { Agent, request } from "node:http";
import { Worker } from "node:worker_threads";
import { emulatorOptions, sessionTarget } from "../lib/fixtures.mjs";
import { makeRow } from "../lib/row.mjs";
import { summarize, timeMs } from "../lib/stats.mjs";

const SECTION = "Emulator throughput";
const PER_ROUND = 300;
const CONCURRENCY = 8;
const PLAN = { warmup: 1, iterations: 7 };
const SIGNED_POOL = 16;

const startWorker = (ctx) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL("../lib/emulatorWorker.mjs", import.meta.url), {
      workerData: { emulatorModule: ctx.dist.emulatorUrl, options: emulatorOptions(ctx.fixtures.caPems) },
    });
    worker.once("error", reject);
    worker.once("message", (message) => resolve({ worker, ...message }));
  });

const stopWorker = (worker) =>
  new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (message) => {
      if (message.type === "closed") worker.once("exit", () => resolve(message.outcomes));
    });
    worker.postMessage("close");
  });

const send = (agent, signed) =>
  new Promise((resolve, reject) => {
    const req = request(signed.url, { method: "POST", headers: signed.headers, agent }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 201 ? resolve() : reject(new Error(`CreateSession answered ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(signed.body);
  });

export const runEmulatorThroughput = async (ctx) => {
  const { loadSigningIdentity, signCreateSessionRequest } = await import(ctx.dist.signing);
  const { worker, url, arns } = await startWorker(ctx);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const target = sessionTarget({ url, arns });
  const rows = [];
  let outcomes;
  try {
    for (const [id, leafId, label] of [
      ["emulator.rsa", "rsa2048", "RSA-2048"],
      ["emulator.ec", "p256", "P-256"],
    ]) {
      const leaf = ctx.fixtures.leaves[leafId];
      const identity = await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: leaf.privateKeyPem }, new Date());
      const params = { ...target, region: "us-east-1", durationSeconds: 3600 };
      const pool = [];
      for (let i = 0; i < SIGNED_POOL; i++) pool.push(await signCreateSessionRequest(params, identity, new Date()));
      const rates = [];
      for (let round = 0; round < PLAN.warmup + PLAN.iterations; round++) {
        let next = 0;
        const lane = async () => {
          while (next < PER_ROUND) {
            const i = next++;
            await send(agent, pool[i % pool.length]);
          }
        };
        const ms = await timeMs(() => Promise.all(Array.from({ length: CONCURRENCY }, lane)));
        if (round >= PLAN.warmup) rates.push((PER_ROUND / ms) * 1000);
      }
      rows.push(
        makeRow({
          id,
          section: SECTION,
          label: `Emulator throughput: CreateSession verified + answered, ${label} client`,
          unit: "req/s",
          ours: summarize(rates),
          goal: null,
          verdict: "no goal",
          note: `${PER_ROUND} requests per round, ${CONCURRENCY} keep-alive connections, emulator in a worker thread`,
        }),
      );
    }
  } finally {
    agent.destroy();
    outcomes = await stopWorker(worker);
  }
  const failures = Object.entries(outcomes).filter(([key]) => !key.endsWith(" 201"));
  if (failures.length > 0) throw new Error(`the emulator refused some requests: ${JSON.stringify(outcomes)}`);
  return rows;
};
