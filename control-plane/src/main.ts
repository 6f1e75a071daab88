import closeWithGrace from "close-with-grace";
import { loadControlPlaneConfig } from "./config.js";
import { startTelemetry } from "./telemetry.js";

async function startApi(): Promise<void> {
  const config = loadControlPlaneConfig(process.env);
  // Tracing starts before the app's modules load: the HTTP instrumentation patches node:http as Fastify
  // requires it, and a static import would have loaded Fastify first.
  const telemetry = startTelemetry(config);
  const { buildApp } = await import("./app.js");
  const app = await buildApp(config);

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, "Shutting down after an error");
    else app.log.info({ signal }, "Received signal; shutting down");
    await app.close();
    // After the app: the last requests' spans are flushed too.
    await telemetry.shutdown();
  });

  await app.listen({ host: config.HOST, port: config.PORT });
}

// `npm start -w control-plane -- gateway` runs the session gateway (its own process) instead of the API.
if (process.argv[2] === "gateway") await import("./gateway-main.js");
else await startApi();
