import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { ControlPlaneConfig } from "../../config.js";
import { sharedProblemSchema } from "../../errors/problem-schema.js";

const surrogateRange = /\\u[dD]800-\\u[dD][fF]{3}/g;

/**
 * Text patterns exclude lone surrogates (\uD800-\uDFFF), which ajv's u-flag patterns can say but the Rust and
 * Python engines of OpenAPI tools cannot (they drop the whole pattern, then generate text the server refuses).
 * JSON text is UTF-8 (RFC 8259), where a lone surrogate cannot occur, so the document leaves the range out of
 * its patterns and says once, in its description, that a \u escape of one is refused.
 */
function portablePatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(portablePatterns);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === "pattern" && typeof value === "string"
        ? value.replace(surrogateRange, "")
        : portablePatterns(value),
    ]),
  );
}

/**
 * OpenAPI 3 generated from the route schemas: /docs/openapi.json, and a UI at /docs. Schemas added to the app
 * (the shared problem+json one) become components/schemas entries named by their $id, referenced with $ref.
 */
async function documentationPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  app.addSchema(sharedProblemSchema);
  await app.register(swagger, {
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === "string" ? json.$id : `def-${i}`,
    },
    transformObject: (document) =>
      "openapiObject" in document
        ? (portablePatterns(document.openapiObject) as typeof document.openapiObject)
        : document.swaggerObject,
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "SkillPod control plane",
        version: "0.1.0",
        description:
          "Errors are RFC 9457 problem+json (components/schemas/Problem) with a stable SKP_… code. " +
          "An unsupported method on a known path answers 405 with Allow. Text that a pattern constrains " +
          "must also be well-formed Unicode: a \\u escape of a lone surrogate (D800-DFFF) is refused with 400.",
      },
      servers: [{ url: config.PUBLIC_URL }],
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/docs/openapi.json", { schema: { hide: true } }, () => app.swagger());
}

export const documentation = fp(documentationPlugin, { name: "documentation" });
