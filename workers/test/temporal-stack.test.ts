// Proves the Temporal dev server is real: a TypeScript worker runs a workflow and an activity on it.
import { Client, Connection } from "@temporalio/client";
import { NativeConnection, Worker } from "@temporalio/worker";
import { stackEnv } from "@skillpod/testkit";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { greetingWorkflow } from "./fixtures/greeting-workflow.js";

describe("Temporal dev server", () => {
  it("runs a workflow through a TypeScript worker and records its history", async () => {
    const address = stackEnv("TEMPORAL_ADDRESS");
    const taskQueue = `smoke-${randomUUID()}`;
    const nativeConnection = await NativeConnection.connect({ address });
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: "default",
      taskQueue,
      workflowsPath: fileURLToPath(new URL("./fixtures/greeting-workflow.ts", import.meta.url)),
      activities: { composeGreeting: (name: string): Promise<string> => Promise.resolve(`Hello, ${name}`) },
    });
    const connection = await Connection.connect({ address });
    const client = new Client({ connection, namespace: "default" });
    try {
      const workflowId = `greeting-${randomUUID()}`;
      const result = await worker.runUntil(
        client.workflow.execute<typeof greetingWorkflow>("greetingWorkflow", {
          taskQueue,
          workflowId,
          args: ["SkillPod"],
        }),
      );
      expect(result).toBe("Hello, SkillPod");
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const types = (history.events ?? []).map((e) => e.eventType);
      expect(types.length).toBeGreaterThan(5);
    } finally {
      await connection.close();
      await nativeConnection.close();
    }
  });
});
