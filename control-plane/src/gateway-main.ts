// The session gateway's process: `node --import tsx control-plane/src/gateway-main.ts`, or
// `npm start -w control-plane -- gateway`. It scales with desktop sessions, apart from the API.
import closeWithGrace from "close-with-grace";
import { loadGatewayConfig } from "./gateway/gateway-config.js";
import { startTelemetry } from "./telemetry.js";

// An entry point, like main.ts: the one place the gateway reads its environment.
// eslint-disable-next-line no-restricted-syntax
const config = loadGatewayConfig(process.env);
// Tracing starts before Fastify loads: the HTTP instrumentation patches node:http as it is required.
const telemetry = startTelemetry(config);
const { Gateway } = await import("./gateway/gateway.js");
const gateway = await Gateway.build(config);

// The drain's grace plus time to close what is left and flush the audit.
closeWithGrace({ delay: config.GATEWAY_DRAIN_SECONDS * 1000 + 10_000 }, async ({ signal, err }) => {
  if (err) gateway.log.error({ err }, "Shutting down the gateway after an error");
  else gateway.log.info({ signal }, "Received signal; draining the gateway");
  await gateway.drain(config.GATEWAY_DRAIN_SECONDS * 1000);
  await gateway.close();
  gateway.log.info("Stopped the session gateway");
  await telemetry.shutdown();
});

const address = await gateway.start();
gateway.log.info({ address }, `Started the session gateway on ${address}`);
