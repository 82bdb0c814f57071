// Runs the emulator in a worker thread so the load generator (main thread) and the emulator use
// different cores. Posts { url, arns } once listening; closes on "close", reporting CreateSession
// outcomes it saw.
import { parentPort, workerData } from "node:worker_threads";

const { startEmulator } = await import(workerData.emulatorModule);
const outcomes = {};
const emu = await startEmulator({
  ...workerData.options,
  onEvent: (event) => {
    const key = `${event.operation} ${event.status}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  },
});
parentPort.postMessage({ type: "ready", url: emu.url, arns: emu.arns });
parentPort.on("message", async (message) => {
  if (message === "close") {
    await emu.close();
    parentPort.postMessage({ type: "closed", outcomes });
    parentPort.close();
  }
});
