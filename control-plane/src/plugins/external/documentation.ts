import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { ControlPlaneConfig } from "../../config.js";

/** OpenAPI 3 generated from the route schemas: /docs/openapi.json, and a UI at /docs. */
async function documentationPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "SkillPod control plane",
        version: "0.1.0",
        description: "Errors are RFC 9457 problem+json.",
      },
      servers: [{ url: config.PUBLIC_URL }],
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/docs/openapi.json", { schema: { hide: true } }, () => app.swagger());
}

export const documentation = fp(documentationPlugin, { name: "documentation" });
