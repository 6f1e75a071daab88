import { ConfigError } from "@skillpod/config";
import { describe, expect, it } from "vitest";
import { loadWorkersConfig, taskQueueName } from "./config.js";

const minimal = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db", REDIS_URL: "redis://127.0.0.1:6379" };

describe("workers config", () => {
  it("serves every queue with the sandbox provider by default", () => {
    const config = loadWorkersConfig(minimal);
    expect(config.WORKERS_TASK_QUEUES).toEqual(["contracts", "payments", "provisioning"]);
    expect(config.PAYMENT_PROVIDER).toBe("sandbox");
    expect(config.WORKERS_FAILPOINTS.size).toBe(0);
    expect(taskQueueName(config, "payments")).toBe("payments");
    expect(taskQueueName({ WORKERS_TASK_QUEUE_PREFIX: "t1" }, "payments")).toBe("t1-payments");
  });

  it("names the variable that is wrong", () => {
    const bad = (env: Record<string, string>): string => {
      try {
        loadWorkersConfig({ ...minimal, ...env });
        return "accepted";
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
        return (error as Error).message;
      }
    };
    expect(bad({ WORKERS_TASK_QUEUES: "payments,billing" })).toMatch(/WORKERS_TASK_QUEUES/);
    expect(bad({ DATABASE_URL: "mysql://x" })).toMatch(/DATABASE_URL/);
    expect(bad({ WORKERS_FAILPOINTS: "nowhere" })).toMatch(/WORKERS_FAILPOINTS/);
    expect(bad({ PAYMENT_PROVIDER: "stripe" })).toMatch(/STRIPE_API_KEY/);
    expect(() => loadWorkersConfig({})).toThrow(ConfigError);
  });
});
