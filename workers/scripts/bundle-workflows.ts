// Writes the workflow bundle to a file (argument 1), for WORKERS_WORKFLOW_BUNDLE: container images and
// tests that restart workers often skip the webpack step at every start.
import { writeFile } from "node:fs/promises";
import { startWorkersTelemetry } from "../src/telemetry.js";
import { bundleWorkflows } from "../src/workflows-bundle.js";

const target = process.argv[2];
if (target === undefined) throw new Error("usage: bundle-workflows.ts <output.js>");
const telemetry = startWorkersTelemetry({});
const bundle = await bundleWorkflows(telemetry.plugin);
await writeFile(target, bundle.code);
await telemetry.shutdown();
console.log(`Wrote workflow bundle to ${target} (${Math.round(bundle.code.length / 1024)} KiB)`);
