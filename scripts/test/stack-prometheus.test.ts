// The local stack's Prometheus (scripts/stack/prometheus.sh): it scrapes every part of the stack that exports
// metrics, the API server and its controllers through their secure ports with the stack's certificates, has
// a job for each platform process `make dev` starts (down until it runs), and has SkillPod's rules loaded.
import { waitFor } from "@skillpod/testkit";
import { describe, expect, it } from "vitest";

const prometheus = `http://127.0.0.1:${process.env.SKILLPOD_PROMETHEUS_PORT ?? "19090"}`;

type Target = { labels: { job: string }; health: string; lastError: string };
type RuleGroup = { rules: { name: string; health: string; lastError?: string }[] };

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${prometheus}${path}`);
  return ((await response.json()) as { data: T }).data;
}

const stackJobs = [
  "prometheus",
  "etcd",
  "kwok",
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "temporal",
];
const platformJobs = ["skillpod-operator", "skillpod-control-plane", "skillpod-gateway", "skillpod-workers"];

describe("the local stack's Prometheus", () => {
  it("scrapes every part of the stack, and has a job for each process make dev starts", async () => {
    // Each target is scraped within one interval (5 s) of Prometheus' start.
    const targets = await waitFor(
      "every stack target scraped",
      async () => {
        const active = (await api<{ activeTargets: Target[] }>("/api/v1/targets?state=active")).activeTargets;
        return active.every((t) => t.health !== "unknown") ? active : false;
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
    const health = Object.fromEntries(
      targets.map((t) => [t.labels.job, `${t.health} ${t.lastError}`.trim()]),
    );
    expect(Object.keys(health).sort()).toEqual([...stackJobs, ...platformJobs].sort());
    for (const job of stackJobs) expect(health[job], job).toBe("up");
  });

  it("evaluates SkillPod's alert and recording rules with health ok", async () => {
    const rules = await waitFor(
      "every rule evaluated once",
      async () => {
        const all = (await api<{ groups: RuleGroup[] }>("/api/v1/rules")).groups.flatMap(
          (group) => group.rules,
        );
        return all.length > 0 && all.every((rule) => rule.health !== "unknown") ? all : false;
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
    expect(
      rules.filter((rule) => rule.health !== "ok").map((rule) => `${rule.name}: ${rule.lastError}`),
    ).toEqual([]);
  });
});
