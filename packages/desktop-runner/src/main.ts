import { createServer } from "node:http";
import { pino } from "pino";
import { loadDesktopRunnerConfig } from "./config.js";
import { startDesktopRunner } from "./runner.js";

const config = loadDesktopRunnerConfig(process.env);
const log = pino({ name: "desktop-runner", level: config.logLevel });
const runner = await startDesktopRunner(config, log);

// /healthz answers with the desktops that run, so `curl` shows at a glance which Pods have one.
const health = createServer((req, res) => {
  if (req.url !== "/healthz") return res.writeHead(404).end();
  const desktops = Object.fromEntries(runner.desktops());
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ desktops }));
});
health.listen(config.healthPort, "127.0.0.1", () =>
  log.info({ port: config.healthPort }, "Started desktop runner"),
);

const shutdown = (): void => {
  health.close();
  runner.stop().then(
    () => {
      log.info("Stopped desktop runner");
      process.exit(0);
    },
    (error: unknown) => {
      log.error({ err: error }, "Failed to stop every desktop");
      process.exit(1);
    },
  );
};
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
