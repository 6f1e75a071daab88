import type { z } from "zod";

/** Thrown at start-up when the environment does not satisfy a process's config schema. */
export class ConfigError extends Error {
  readonly code = "SKP_CONFIG_INVALID";

  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  - ${issues.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses a process's one typed config from the environment, once, failing fast with every problem named.
 * Schemas key on environment variable names so a message says exactly which variable to fix.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`),
  );
}
