import { ContractsClient } from "@skillpod/contracts-client";
import { prefixedTaskQueues } from "@skillpod/contract-messages";
import { Client, Connection } from "@temporalio/client";
import { OpenTelemetryWorkflowClientInterceptor } from "@temporalio/interceptors-opentelemetry";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { ControlPlaneConfig } from "../../config.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Temporal, for the wallet's workflows; contracts go through `contracts`. */
    temporal: Client;
    /** The ContractWorkflow's client: every contract move is one update through it. */
    contracts: ContractsClient;
    /** The workers' task queues (TEMPORAL_TASK_QUEUE_PREFIX applied). */
    taskQueues: ReturnType<typeof prefixedTaskQueues>;
  }
}

/** A lazy connection: the app starts without Temporal, and a request that needs it fails as 503 until it is up. */
async function temporalPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    // The request's span goes into each workflow start, signal, query and update (header `_tracer-data`):
    // the workers' workflow and activity spans, and the operator's reconciles after them, join its trace.
    interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
  });
  const queues = prefixedTaskQueues(config.TEMPORAL_TASK_QUEUE_PREFIX);
  app.decorate("temporal", client);
  app.decorate("taskQueues", queues);
  app.decorate("contracts", new ContractsClient({ client, taskQueues: queues }));
  app.addHook("onClose", async () => {
    await connection.close();
  });
  return Promise.resolve();
}

export const temporal = fp(temporalPlugin, { name: "temporal" });
