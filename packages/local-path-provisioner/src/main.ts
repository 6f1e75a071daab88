import { createServer } from "node:http";
import { pino } from "pino";
import { loadProvisionerConfig } from "./config.js";
import { startLocalPathProvisioner } from "./provisioner.js";

const log = pino({ name: "local-path-provisioner" });
const config = loadProvisionerConfig(process.env);
const provisioner = await startLocalPathProvisioner(config, log);

const health = createServer((req, res) => {
  res.writeHead(req.url === "/healthz" ? 200 : 404, { "content-type": "text/plain" }).end("ok");
});
health.listen(config.healthPort, "127.0.0.1", () =>
  log.info({ port: config.healthPort }, "Started local-path provisioner"),
);

const shutdown = (): void => {
  health.close();
  provisioner.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
