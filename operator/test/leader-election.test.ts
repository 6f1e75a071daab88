// Leader election against the real apiserver: short timings (lease 3s, renew 2s, retry 0.5s) so that
// handover, crash takeover and renew-deadline give-up all happen within seconds.
import { CoordinationV1Api, CoreV1Api, KubeConfig, type V1Lease } from "@kubernetes/client-node";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { randomBytes } from "node:crypto";
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LeaderElector } from "../src/runtime/index.js";

const kc = new KubeConfig();
const namespace = `leader-${randomBytes(3).toString("hex")}`;
const log = pino({ level: "silent" });
let core: CoreV1Api;
let leases: CoordinationV1Api;
const running: LeaderElector[] = [];

type Candidate = {
  elector: LeaderElector;
  identity: string;
  started: number[];
  stopped: number[];
};

function candidate(leaseName: string, identity: string, kubeConfig: KubeConfig = kc): Candidate {
  const elector = new LeaderElector({
    kubeConfig,
    namespace,
    leaseName,
    identity,
    leaseDurationSeconds: 3,
    renewDeadlineSeconds: 2,
    retryPeriodSeconds: 0.5,
    log,
  });
  const c: Candidate = { elector, identity, started: [], stopped: [] };
  elector.run({
    onStartedLeading: () => c.started.push(Date.now()),
    onStoppedLeading: () => c.stopped.push(Date.now()),
  });
  running.push(elector);
  return c;
}

function leaseName(): string {
  return `lease-${randomBytes(3).toString("hex")}`;
}

function readLease(name: string): Promise<V1Lease> {
  return leases.readNamespacedLease({ name, namespace });
}

async function leaderOf(candidates: Candidate[]): Promise<Candidate> {
  return waitFor("a leader", () => Promise.resolve(candidates.find((c) => c.elector.isLeader())), {
    timeoutMs: 15_000,
    intervalMs: 20,
  });
}

/** A TCP relay to the apiserver that can be cut so that requests hang, like a network partition. */
async function partitionableRelay(target: URL): Promise<{ server: Server; url: string; cut: () => void }> {
  const sockets = new Set<Socket>();
  let partitioned = false;
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    if (partitioned) return;
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const cut = (): void => {
    partitioned = true;
    for (const socket of sockets) socket.destroy();
  };
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, cut };
}

function kubeConfigVia(server: string): KubeConfig {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!cluster || !user) throw new Error("the stack kubeconfig has no current cluster/user");
  const relayed = new KubeConfig();
  relayed.loadFromClusterAndUser({ ...cluster, server }, user);
  return relayed;
}

beforeAll(async () => {
  kc.loadFromFile(stackEnv("KUBECONFIG"));
  core = kc.makeApiClient(CoreV1Api);
  leases = kc.makeApiClient(CoordinationV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

afterAll(async () => {
  await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
});

describe("LeaderElector", () => {
  it("lets exactly one of two candidates lead, renewing a MicroTime lease", async () => {
    const name = leaseName();
    const candidates = [candidate(name, "a"), candidate(name, "b")];
    const leader = await leaderOf(candidates);
    const first = await readLease(name);

    for (let i = 0; i < 40; i++) {
      expect(candidates.filter((c) => c.elector.isLeader())).toEqual([leader]);
      await sleep(50);
    }
    const later = await readLease(name);
    expect(later.spec?.holderIdentity).toBe(leader.identity);
    expect(later.spec?.leaseTransitions).toBe(0);
    expect(later.spec?.leaseDurationSeconds).toBe(3);
    // client-node hands MicroTime back as the server's string, with microseconds.
    expect(String(later.spec?.renewTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(String(later.spec?.renewTime)).not.toBe(String(first.spec?.renewTime));
    expect(String(later.spec?.acquireTime)).toBe(String(first.spec?.acquireTime));
    expect(candidates.flatMap((c) => c.started)).toHaveLength(1);
    expect(candidates.flatMap((c) => c.stopped)).toHaveLength(0);
  });

  it("hands over promptly when the leader stops and releases the lease", async () => {
    const name = leaseName();
    const candidates = [candidate(name, "a"), candidate(name, "b")];
    const leader = await leaderOf(candidates);
    const follower = candidates.find((c) => c !== leader) as Candidate;

    const stoppingAt = Date.now();
    await leader.elector.stop();
    expect(leader.elector.isLeader()).toBe(false);
    expect(leader.stopped).toHaveLength(1);
    await leaderOf([follower]);
    // One candidate poll (0.5s + jitter) plus a round trip, far below the 3s lease.
    expect(Date.now() - stoppingAt).toBeLessThan(1_500);

    const lease = await readLease(name);
    expect(lease.spec?.holderIdentity).toBe(follower.identity);
    expect(lease.spec?.leaseTransitions).toBe(1);
    expect(lease.spec?.leaseDurationSeconds).toBe(3);
  });

  it("takes over from a crashed leader only once the lease has expired", async () => {
    const name = leaseName();
    const candidates = [candidate(name, "a"), candidate(name, "b")];
    const leader = await leaderOf(candidates);
    const follower = candidates.find((c) => c !== leader) as Candidate;

    await leader.elector.abandon();
    const crashedAt = Date.now();
    expect((await readLease(name)).spec?.holderIdentity).toBe(leader.identity);
    await leaderOf([follower]);
    const takeoverMs = Date.now() - crashedAt;
    // The last renew was at most one retry period (0.5s) before the crash, and the follower counts the
    // 3s from when it saw that renew; it then polls every 0.5-0.6s.
    expect(takeoverMs).toBeGreaterThanOrEqual(2_400);
    expect(takeoverMs).toBeLessThan(5_000);
    expect(leader.stopped).toHaveLength(0);

    const lease = await readLease(name);
    expect(lease.spec?.holderIdentity).toBe(follower.identity);
    expect(lease.spec?.leaseTransitions).toBe(1);
  });

  it("steps down when another writer takes the lease", async () => {
    const name = leaseName();
    const only = candidate(name, "a");
    await leaderOf([only]);
    const lease = await readLease(name);
    await leases.replaceNamespacedLease({
      name,
      namespace,
      body: { ...lease, spec: { ...lease.spec, holderIdentity: "intruder", leaseTransitions: 1 } },
    });
    await waitFor("the leader to step down", () => Promise.resolve(!only.elector.isLeader()), {
      timeoutMs: 2_000,
      intervalMs: 20,
    });
    expect(only.stopped).toHaveLength(1);
    // It must not grab the lease back before it expires.
    await sleep(1_500);
    expect(only.elector.isLeader()).toBe(false);
    expect((await readLease(name)).spec?.holderIdentity).toBe("intruder");
  });

  it("gives up leadership within the renew deadline when the apiserver is unreachable, before anyone else leads", async () => {
    const name = leaseName();
    const relay = await partitionableRelay(new URL(kc.getCurrentCluster()?.server ?? ""));
    try {
      const partitioned = candidate(name, "partitioned", kubeConfigVia(relay.url));
      await leaderOf([partitioned]);
      const healthy = candidate(name, "healthy");
      await sleep(300);

      relay.cut();
      const cutAt = Date.now();
      await waitFor("the partitioned leader to give up", () => Promise.resolve(partitioned.stopped[0]), {
        timeoutMs: 5_000,
        intervalMs: 20,
      });
      const stoppedAt = partitioned.stopped[0] ?? 0;
      // Renew deadline (2s) counted from the last renew, which was up to 0.5s before the cut.
      expect(stoppedAt - cutAt).toBeLessThanOrEqual(2_100);
      expect(partitioned.elector.isLeader()).toBe(false);

      await leaderOf([healthy]);
      // No overlap: the healthy candidate leads only after the partitioned one stopped acting.
      expect(healthy.started[0]).toBeGreaterThan(stoppedAt);
      // The partitioned one cannot release, so the lease has to expire first.
      expect((healthy.started[0] ?? 0) - cutAt).toBeGreaterThanOrEqual(2_400);
      await partitioned.elector.abandon();
    } finally {
      relay.cut();
      relay.server.close();
    }
  });

  it("says at warn level, once, that it cannot lead when its Lease namespace does not exist, then leads once it does", async () => {
    const missing = `leader-missing-${randomBytes(3).toString("hex")}`;
    type Line = { level: number; msg: string; namespace?: string };
    const lines: Line[] = [];
    const captured = pino(
      { level: "debug" },
      { write: (line: string) => void lines.push(JSON.parse(line) as Line) },
    );
    const elector = new LeaderElector({
      kubeConfig: kc,
      namespace: missing,
      leaseName: leaseName(),
      identity: "homeless",
      leaseDurationSeconds: 3,
      renewDeadlineSeconds: 2,
      retryPeriodSeconds: 0.2,
      log: captured,
    });
    running.push(elector);
    elector.run({ onStartedLeading: () => undefined, onStoppedLeading: () => undefined });
    try {
      await waitFor("three failed attempts", () => Promise.resolve(lines.length >= 3 || undefined), {
        timeoutMs: 10_000,
      });
      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.msg).toContain(`namespace ${missing} does not exist`);
      expect(warnings[0]?.msg).toContain(`kubectl create namespace ${missing}`);
      expect(warnings[0]?.namespace).toBe(missing);
      expect(elector.isLeader()).toBe(false);

      await core.createNamespace({ body: { metadata: { name: missing } } });
      await waitFor(
        "leadership once the namespace exists",
        () => Promise.resolve(elector.isLeader() || undefined),
        {
          timeoutMs: 10_000,
        },
      );
    } finally {
      await elector.stop();
      await core.deleteNamespace({ name: missing }).catch(() => undefined);
    }
  });
});
