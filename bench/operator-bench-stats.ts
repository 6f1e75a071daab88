import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { clockTicks, cpuTicksOf, round } from "./process-stats.js";
import { config, core, env, execFileAsync, kubectlBin, repo, say, sum } from "./operator-bench-settings.js";

// /proc: CPU ticks and memory of the operator and of the stack's processes.

export const ticksOf = (pid: number): number => cpuTicksOf(pid) ?? 0;

export function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** CPU ticks of a process and its descendants (the provisioner runs under a tsx wrapper). */
export const treeTicks = (pid: number): number => ticksOf(pid) + sum(childrenOf(pid).map(treeTicks));

export const stackParts = {
  apiserver: "kube-apiserver",
  etcd: "etcd",
  kwok: "kwok",
  scheduler: "kube-scheduler",
  kcm: "kube-controller-manager",
  provisioner: "local-path-provisioner",
} as const;

export function stackPid(part: string): number | undefined {
  try {
    const run = join(dirname(env.KUBECONFIG ?? join(repo, ".stack", "kubeconfig")), "run");
    return Number(readFileSync(join(run, `${part}.pid`), "utf8").trim()) || undefined;
  } catch {
    return undefined;
  }
}

export type CpuSample = { at: number; ticks: Record<string, number> };

export function sampleCpu(operatorPid: number | undefined): CpuSample {
  const ticks: Record<string, number> = {};
  for (const [key, part] of Object.entries(stackParts)) {
    const pid = stackPid(part);
    ticks[key] = pid ? treeTicks(pid) : NaN;
  }
  ticks.operator = operatorPid ? ticksOf(operatorPid) : NaN;
  const self = process.cpuUsage();
  ticks.bench = ((self.user + self.system) / 1e6) * clockTicks;
  return { at: performance.now(), ticks };
}

/** CPU seconds each process used between two samples. */
export function cpuSeconds(from: CpuSample, to: CpuSample): Record<string, number> {
  return Object.fromEntries(
    Object.keys(to.ticks).map((k) => [k, ((to.ticks[k] ?? NaN) - (from.ticks[k] ?? NaN)) / clockTicks]),
  );
}

export const describeCpu = (seconds: Record<string, number>): string =>
  ["operator", "apiserver", "etcd", "kwok", "scheduler", "kcm", "provisioner", "bench"]
    .map((k) => round(seconds[k] ?? NaN, 1))
    .join("/");

// The apiserver's request counters (all clients), to see how many API calls each SkillPod costs.

export async function apiRequests(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  try {
    const { stdout } = await execFileAsync(kubectlBin, ["get", "--raw", "/metrics"], {
      maxBuffer: 512 * 2 ** 20,
    });
    for (const line of stdout.split("\n")) {
      if (!line.startsWith("apiserver_request_total{")) continue;
      const labels = new Map([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      if (labels.get("verb") === "WATCH") continue;
      const sub = labels.get("subresource");
      const key = `${labels.get("verb")} ${labels.get("resource")}${sub ? `/${sub}` : ""}`;
      counts.set(key, (counts.get(key) ?? 0) + Number(line.slice(line.lastIndexOf(" ") + 1)));
    }
  } catch (error) {
    say(`could not read the apiserver's metrics: ${String(error)}`);
  }
  return counts;
}

export async function eventsByReason(namespace: string): Promise<[string, number][]> {
  const counts = new Map<string, number>();
  try {
    const list = await core.listNamespacedEvent({ namespace });
    for (const e of list.items) {
      const key = `${e.reportingComponent || e.source?.component || "?"} ${e.reason ?? "?"}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  } catch (error) {
    say(`could not list the run's events: ${String(error)}`);
  }
  return [...counts]
    .map(([key, n]): [string, number] => [key, Math.round((n / config.count) * 100) / 100])
    .sort((a, b) => b[1] - a[1]);
}

export function requestDelta(before: Map<string, number>, after: Map<string, number>): [string, number][] {
  return [...after]
    .map(([key, n]): [string, number] => [key, n - (before.get(key) ?? 0)])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
}
