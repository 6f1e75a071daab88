// Probes and metrics on one small plain-HTTP port, kept apart from anything user-facing.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Registry } from "prom-client";

export type HealthServerOptions = {
  port: number;
  host?: string;
  registry: Registry;
  isReady: () => boolean;
  log: Logger;
};

export type HealthServer = { close: () => Promise<void>; port: number };

type Reply = { status: number; contentType: string; body: string };

const text = (status: number, body: string): Reply => ({
  status,
  contentType: "text/plain; charset=utf-8",
  body,
});

async function route(path: string, options: HealthServerOptions): Promise<Reply> {
  switch (path) {
    case "/healthz":
      // Liveness only says the event loop answers; a lost apiserver must not get the pod restarted.
      return text(200, "ok");
    case "/readyz":
      return options.isReady() ? text(200, "ok") : text(503, "not ready");
    case "/metrics":
      return {
        status: 200,
        contentType: options.registry.contentType,
        body: await options.registry.metrics(),
      };
    default:
      return text(404, "not found");
  }
}

async function respond(
  req: IncomingMessage,
  res: ServerResponse,
  options: HealthServerOptions,
): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  let reply: Reply;
  if (req.method !== "GET" && req.method !== "HEAD") {
    reply = text(405, "method not allowed");
  } else {
    try {
      reply = await route(path, options);
    } catch (error) {
      options.log.error({ err: error, path }, `Serving ${path} failed`);
      reply = text(500, "internal error");
    }
  }
  res.writeHead(reply.status, {
    "content-type": reply.contentType,
    "content-length": Buffer.byteLength(reply.body),
  });
  res.end(req.method === "HEAD" ? undefined : reply.body);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Serves /metrics, /healthz and /readyz; port 0 picks a free port, returned with a close function. */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((req, res) => void respond(req, res, options));
  const host = options.host ?? "0.0.0.0";
  const port = await listen(server, options.port, host);
  options.log.info({ host, port }, `Started health server on ${host}:${port}`);
  const close = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Prometheus keeps connections alive; without this close() would wait for them to time out.
      server.closeAllConnections();
    });
  return { close, port };
}
