// One trace from the portal's request through the control plane into the operator: a stop request over real
// HTTP carries a traceparent (as the portal's fetch would); the control plane's span that patches spec.state
// goes into the SkillPod's skillpod.dev/traceparent, and the real operator process, exporting over OTLP/HTTP
// to a receiver in this test, reconciles the stop as a child of that span.
import type { NodeSDK } from "@opentelemetry/sdk-node";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { parseTraceparent, traceparentAnnotation } from "@skillpod/api";
import { OtlpReceiver, startOperatorProcess, waitFor, type NodeProcess } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetry } from "../src/telemetry.js";
import type * as CallersModule from "./callers.js";
import type * as FixturesModule from "./workspaces-fixtures.js";

type Fixtures = typeof FixturesModule;
type Callers = typeof CallersModule;

const exporter = new InMemorySpanExporter();
let sdk: NodeSDK | undefined;
let app: FastifyInstance | undefined;
let baseUrl: string;
let fixtures: Fixtures;
let callers: Callers;
let limits: string;
let namespace: string;
let receiver: OtlpReceiver | undefined;
let operator: NodeProcess | undefined;
const made: { namespace: string; name: string }[] = [];

beforeAll(async () => {
  sdk = startTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: undefined }, { spanExporter: exporter });
  // Only now the app's modules: Fastify must require node:http after the instrumentation hooked it.
  const { buildTestApp } = await import("./app-harness.js");
  fixtures = await import("./workspaces-fixtures.js");
  callers = await import("./callers.js");
  await fixtures.ensureCrds();
  limits = callers.rateLimitNamespace("workspaces-tracing");
  app = await buildTestApp({ RATE_LIMIT_NAMESPACE: limits });
  await app.listen({ host: "127.0.0.1", port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  namespace = await fixtures.tenantNamespace();
  receiver = await OtlpReceiver.start();
  operator = await startOperatorProcess(namespace, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
});

afterAll(async () => {
  // While the operator runs: its finalizer is on the SkillPod, and only it takes it off.
  for (const ref of made) {
    await fixtures.custom
      .deleteNamespacedCustomObject({
        group: "skillpod.dev",
        version: "v1alpha1",
        plural: "skillpods",
        ...ref,
      })
      .catch(() => undefined);
  }
  await waitFor("the test's SkillPods gone", async () => {
    const left = await Promise.all(made.map((ref) => fixtures.readSkillPod(ref).catch(() => undefined)));
    return left.every((s) => s === undefined);
  }).catch(() => undefined);
  await operator?.stop();
  await receiver?.close();
  await fixtures?.dropNamespaces();
  if (app) await callers.dropKeysUnder(app.redis, limits);
  await app?.close();
  await sdk?.shutdown();
});

const spanOf = (spanId: string): ReadableSpan | undefined =>
  exporter.getFinishedSpans().find((s) => s.spanContext().spanId === spanId);

/** The chain of exported spans from this one up to the first whose parent was not exported here. */
function ancestry(span: ReadableSpan): ReadableSpan[] {
  const chain = [span];
  for (let parent = span.parentSpanContext; parent;) {
    const next = spanOf(parent.spanId);
    if (!next) break;
    chain.push(next);
    parent = next.parentSpanContext;
  }
  return chain;
}

describe("a workspace stop, traced", () => {
  it("runs from the portal's request through the control plane into the operator's reconciles as one trace", async () => {
    const owner = await callers.signUp(app!, "freelancer");
    const client = await callers.signUp(app!, "client");
    const contract = await fixtures.insertContract({ clientId: client.userId, freelancerId: owner.userId });
    const ref = await fixtures.createSkillPod({ namespace, ownerId: owner.userId, contract });
    made.push(ref);

    const traceId = randomBytes(16).toString("hex");
    const portalSpanId = randomBytes(8).toString("hex");
    const response = await fetch(`${baseUrl}/v1/workspaces/${ref.namespace}/${ref.name}/stop`, {
      method: "POST",
      headers: { ...owner.headers, traceparent: `00-${traceId}-${portalSpanId}-01` },
    });
    expect(response.status, await response.text()).toBe(202);

    // The annotation names a span of the request's trace, below the portal's span.
    const skillPod = await fixtures.readSkillPod(ref);
    expect(skillPod.spec.state).toBe("Stopped");
    const written = parseTraceparent(skillPod.metadata?.annotations?.[traceparentAnnotation]);
    expect(written?.traceId).toBe(traceId);
    const patching = await waitFor("the control plane's span that patched the SkillPod", () =>
      Promise.resolve(spanOf(written?.spanId ?? "")),
    );
    const chain = ancestry(patching);
    expect(chain.at(-1)?.parentSpanContext?.spanId).toBe(portalSpanId);
    expect(chain.some((s) => s.attributes["http.route"] === "/v1/workspaces/:namespace/:name/stop")).toBe(
      true,
    );

    // The operator reconciles the stop as a child of that span, in the same trace.
    const reconcile = await waitFor(`the operator's reconcile of ${ref.name} in trace ${traceId}`, () =>
      Promise.resolve(
        receiver?.spans.find(
          (s) =>
            s.service === "skillpod-operator" &&
            s.attributes["skillpod.name"] === ref.name &&
            s.traceId === traceId,
        ),
      ),
    );
    expect(reconcile.name).toBe("reconcile SkillPod");
    expect(reconcile.parentSpanId).toBe(written?.spanId);
  });
});
