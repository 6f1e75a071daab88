import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, parseConfig } from "./index.js";

const schema = z.object({
  DATABASE_URL: z.url(),
  WORKERS: z.coerce.number().int().positive().default(4),
});

describe("parseConfig", () => {
  it("applies defaults and coerces values", () => {
    expect(parseConfig(schema, { DATABASE_URL: "postgresql://h/db" })).toEqual({
      DATABASE_URL: "postgresql://h/db",
      WORKERS: 4,
    });
  });

  it("names every failing variable", () => {
    const attempt = (): unknown => parseConfig(schema, { WORKERS: "-1" });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const issues = (error as ConfigError).issues.join("\n");
      expect(issues).toMatch(/DATABASE_URL/);
      expect(issues).toMatch(/WORKERS/);
      expect((error as ConfigError).code).toBe("SKP_CONFIG_INVALID");
    }
  });
});
