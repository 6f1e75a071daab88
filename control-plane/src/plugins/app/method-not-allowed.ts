import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { SkpError } from "../../errors/index.js";

// OPTIONS is left out: the CORS plugin answers it on every path, known or not, so it says nothing of the path.
const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The methods the router serves at the request's path: empty for a path no route knows. */
function allowedMethods(request: FastifyRequest): string[] {
  return methods.filter((method) => {
    try {
      return request.server.findRoute({ method, url: request.url }) !== null;
    } catch {
      return false; // an undecodable path matches nothing
    }
  });
}

/**
 * A known path asked with a method it does not serve answers 405 with `Allow` (RFC 9110), not the 404 of an
 * unknown path. The router itself is asked, so every route counts without a list to keep. Done on request,
 * before Fastify looks at a body the unmatched method may carry (QUERY without a Content-Type is a 400 there).
 */
async function methodNotAllowedPlugin(app: FastifyInstance): Promise<void> {
  // A callback hook, not an async one: it runs on every request, and matched ones (nearly all) leave at once.
  app.addHook("onRequest", (request, reply, done) => {
    if (!request.is404) return done();
    const allow = allowedMethods(request);
    if (allow.length === 0) return done();
    void reply.header("allow", allow.join(", "));
    const path = request.url.split("?")[0] ?? "/";
    done(
      new SkpError(
        "SKP_METHOD_NOT_ALLOWED",
        405,
        `${path} does not serve ${request.method}; it serves ${allow.join(", ")}`,
      ),
    );
  });
  return Promise.resolve();
}

export const methodNotAllowed = fp(methodNotAllowedPlugin, { name: "method-not-allowed" });
