// Two control-plane processes (replicas, as a Deployment runs them) on one Redis: a message sent through one
// reaches the recipient's live socket held by the other, and a replica that shuts down closes its sockets
// with 1001 so their clients reconnect elsewhere.
import { isUserLive } from "@skillpod/live-events";
import { freePort, LiveClient, NodeProcess, stackEnv, waitFor } from "@skillpod/testkit";
import { Redis } from "ioredis";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimitNamespace } from "./callers.js";
import { jobBody } from "./jobs-fixtures.js";

type Replica = { process: NodeProcess; http: string; ws: string };
type User = { userId: string; token: string };

let a: Replica;
let b: Replica;
let redis: Redis;

function replicaEnv(port: number, shared: Record<string, string>): Record<string, string> {
  return { ...shared, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` };
}

async function startReplica(shared: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const http = `http://127.0.0.1:${port}`;
  const process = await NodeProcess.start({
    entry: "control-plane/src/main.ts",
    env: replicaEnv(port, shared),
    readyUrl: `${http}/healthz`,
  });
  return { process, http, ws: `ws://127.0.0.1:${port}` };
}

beforeAll(async () => {
  const shared = {
    APP_DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
    REDIS_URL: stackEnv("REDIS_URL"),
    TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
    KUBECONFIG: stackEnv("KUBECONFIG"),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    INTERNAL_API_TOKEN: randomBytes(32).toString("hex"),
    // One signing key for both, as replicas share it: a token from one verifies on the other.
    JWT_PRIVATE_KEY: generateKeyPairSync("ed25519")
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString(),
    COOKIE_SECURE: "false",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    RATE_LIMIT_NAMESPACE: rateLimitNamespace("live-replicas"),
    RATE_LIMIT_PUBLIC_PER_MINUTE: "1000000",
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: "1000000",
  };
  redis = new Redis(stackEnv("REDIS_URL"));
  [a, b] = await Promise.all([startReplica(shared), startReplica(shared)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.process.stop(), b?.process.stop()]);
  await redis?.quit();
});

async function call<T>(
  replica: Replica,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${replica.http}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

async function signUp(replica: Replica, accountType: "CLIENT" | "FREELANCER"): Promise<User> {
  const email = `live-replicas-${randomUUID()}@callers.test`;
  const password = "correct horse battery staple";
  const { id } = await call<{ id: string }>(replica, "POST", "/v1/auth/register", undefined, {
    email,
    password,
    accountType,
    displayName: `Replica ${accountType.toLowerCase()}`,
  });
  const { accessToken } = await call<{ accessToken: string }>(replica, "POST", "/v1/auth/login", undefined, {
    email,
    password,
  });
  return { userId: id, token: accessToken };
}

async function openLive(replica: Replica, user: User): Promise<LiveClient> {
  const { ticket, url } = await call<{ ticket: string; url: string }>(
    replica,
    "POST",
    "/v1/live/tickets",
    user.token,
  );
  const client = await LiveClient.open(`${replica.ws}${url}?ticket=${ticket}`);
  // Registered for delivery (presence is written then), which may come just after the client saw the 101.
  await waitFor("the socket registered", async () => isUserLive(redis, user.userId), { timeoutMs: 5000 });
  return client;
}

/** A proposal of `freelancer` on a fresh job of `client`, over HTTP on `replica`. */
async function proposalBetween(replica: Replica, client: User, freelancer: User): Promise<string> {
  const job = await call<{ id: string }>(replica, "POST", "/v1/jobs", client.token, {
    ...jobBody({ title: "Replicas talk through Redis", state: "OPEN" }),
  });
  const amount = { amountMinor: 20_000, currency: "USD" };
  const dueAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const proposal = await call<{ id: string }>(
    replica,
    "POST",
    `/v1/jobs/${job.id}/proposals`,
    freelancer.token,
    {
      coverLetter: "I would like to do this job across two replicas",
      bid: amount,
      milestones: [{ title: "All of it", amount, dueAt }],
    },
  );
  return proposal.id;
}

describe("live channel across two control-plane processes", () => {
  it("delivers a message sent on replica A to the recipient's socket on replica B", async () => {
    const client = await signUp(a, "CLIENT");
    const freelancer = await signUp(a, "FREELANCER");
    const proposalId = await proposalBetween(a, client, freelancer);
    // The freelancer's browser holds its live channel on B (its token was issued by A).
    const onB = await openLive(b, freelancer);
    const conversation = await call<{ id: string }>(
      a,
      "GET",
      `/v1/proposals/${proposalId}/conversation`,
      client.token,
    );
    const sent = await call<{ id: string }>(
      a,
      "POST",
      `/v1/conversations/${conversation.id}/messages`,
      client.token,
      {
        body: "Hello from replica A",
      },
    );
    const [frame] = await onB.waitForFrames(1, 10_000);
    expect(frame).toMatchObject({
      type: "message.created",
      data: { conversationId: conversation.id, message: { id: sent.id, body: "Hello from replica A" } },
    });
    expect(frame?.id).toMatch(/^\d+-\d+$/);
    expect(b.process.output.join("")).toContain(`Opened live channel for user ${freelancer.userId}`);
    expect(a.process.output.join("")).not.toContain(`Opened live channel for user ${freelancer.userId}`);
    await onB.close();
  }, 60_000);

  it("closes its sockets with 1001 when a replica shuts down", async () => {
    const user = await signUp(a, "FREELANCER");
    const onB = await openLive(b, user);
    expect(await b.process.stop()).toBe(0);
    expect(await onB.closed).toBe(1001);
  }, 60_000);
});
