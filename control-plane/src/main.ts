import closeWithGrace from "close-with-grace";
import { buildApp } from "./app.js";
import { loadControlPlaneConfig } from "./config.js";

const config = loadControlPlaneConfig(process.env);
const app = await buildApp(config);

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, "Shutting down after an error");
  else app.log.info({ signal }, "Received signal; shutting down");
  await app.close();
});

await app.listen({ host: config.HOST, port: config.PORT });
