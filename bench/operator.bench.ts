// The operator at scale: N SkillPods (BENCH_SKILLPODS, default 1000) through the real operator process,
// created paced at BENCH_RATE/s (default 20) and as one burst, on the local control plane with kwok nodes.
// Measures create→Pod created and create→Running, a full resync, the operator's RSS and CPU at rest with N
// objects, and the same N plain Pods (no operator) in each mode for a baseline ratio. Everything it makes
// (namespaces, a SkillPodClass, tainted kwok nodes, operator processes) is removed at the end, also on failure.
import {
  CoreV1Api,
  CustomObjectsApi,
  NetworkingV1Api,
  PatchStrategy,
  Watch,
  setHeaderOptions,
  type KubernetesObject,
  type V1Node,
  type V1PersistentVolumeClaim,
  type V1Pod,
} from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { parseConfig } from "@skillpod/config";
import { loadKubeConfig } from "@skillpod/kube-client";
import { skillPodClassPlural, skillPodGroup, skillPodPlural, skillPodVersion } from "@skillpod/api";
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, copyFileSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { z } from "zod";
import { childrenFor, workspacePodFor } from "./children-baseline.js";
import { clockTicks, cpuTicksOf, memoryMiB, percentile, round } from "./process-stats.js";

const count = z.coerce.number().int().positive();
const rate = z.coerce.number().positive();
const seconds = z.coerce.number().nonnegative();
const flag = z.enum(["true", "false"]).transform((v) => v === "true");
// Parsed before anything touches the cluster: a typo (BENCH_SKILLPODS=1k) fails here, naming the variable,
// rather than as a run of zero SkillPods that waits out the phase timeout.
const env = process.env;
const settings = parseConfig(
  z.object({
    BENCH_SKILLPODS: count.default(1000),
    BENCH_RATE: rate.default(20),
    /** A second paced run at a rate this machine sustains (0: none), to show latency without queueing. */
    BENCH_SUSTAINED_RATE: z.coerce.number().nonnegative().default(5),
    BENCH_OPERATOR_WORKERS: count.default(8),
    BENCH_BURST_CONCURRENCY: count.default(200),
    BENCH_BASELINE: flag.default(true),
    BENCH_NODES: count.default(4),
    BENCH_PHASE_TIMEOUT_SECONDS: rate.default(1200),
    /** "dist": the production bundle (npm run build -w @skillpod/operator, as the image runs it); "tsx": the sources. */
    BENCH_OPERATOR_ENTRY: z.enum(["dist", "tsx"]).default("dist"),
    BENCH_QUIET_WAIT_SECONDS: seconds.default(600),
  }),
  env,
);
const config = {
  count: settings.BENCH_SKILLPODS,
  rate: settings.BENCH_RATE,
  sustainedRate: settings.BENCH_SUSTAINED_RATE,
  workers: settings.BENCH_OPERATOR_WORKERS,
  burstConcurrency: settings.BENCH_BURST_CONCURRENCY,
  baseline: settings.BENCH_BASELINE,
  nodes: settings.BENCH_NODES,
  phaseTimeoutMs: settings.BENCH_PHASE_TIMEOUT_SECONDS * 1000,
  restMs: 10_000,
  entry: settings.BENCH_OPERATOR_ENTRY,
  quietWaitMs: settings.BENCH_QUIET_WAIT_SECONDS * 1000,
};
const targets = { p99PacedMs: 2000, rssMiB: 256 };

const repo = join(import.meta.dirname, "..");
const stamp = Date.now().toString(36);
// Keep-alive connections, as any long-lived client of the platform would hold (client-node alone makes a TLS
// handshake per request, which loads the API server that the operator is being measured against).
const kc = loadKubeConfig();
const core = kc.makeApiClient(CoreV1Api);
const custom = kc.makeApiClient(CustomObjectsApi);
const networking = kc.makeApiClient(NetworkingV1Api);
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const className = `bench-op-${stamp}`;
const nodeLabel = "skillpod.dev/bench-node";
const taintKey = "skillpod.dev/bench";
const kubectlBin = env.SKILLPOD_BIN ? join(env.SKILLPOD_BIN, "kubectl") : "kubectl";
const execFileAsync = promisify(execFile);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const say = (message: string): void => console.log(`[operator-bench] ${message}`);
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** An error that polling must not swallow (the operator died): ends the run. */
class FatalError extends Error {
  override name = "FatalError";
}

/** Transient API errors while polling (a loaded apiserver resets connections): counted, then polled again. */
let transientErrors = 0;

async function attempt(check: () => boolean | Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof FatalError) throw error;
    transientErrors += 1;
    if (transientErrors <= 10) say(`transient error while polling (retrying): ${String(error)}`);
    return false;
  }
}

/** Polls `check` every `everyMs` until it answers true or `timeoutMs` passes; answers whether it did. */
async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 200,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await attempt(check)) return true;
    await sleep(everyMs);
  }
  return attempt(check);
}

// ---------------------------------------------------------------------------------------------------------
// /proc: CPU ticks and memory of the operator and of the stack's processes.

const ticksOf = (pid: number): number => cpuTicksOf(pid) ?? 0;

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** CPU ticks of a process and its descendants (the provisioner runs under a tsx wrapper). */
const treeTicks = (pid: number): number => ticksOf(pid) + sum(childrenOf(pid).map(treeTicks));

const stackParts = {
  apiserver: "kube-apiserver",
  etcd: "etcd",
  kwok: "kwok",
  scheduler: "kube-scheduler",
  kcm: "kube-controller-manager",
  provisioner: "local-path-provisioner",
} as const;

function stackPid(part: string): number | undefined {
  try {
    const run = join(dirname(env.KUBECONFIG ?? join(repo, ".stack", "kubeconfig")), "run");
    return Number(readFileSync(join(run, `${part}.pid`), "utf8").trim()) || undefined;
  } catch {
    return undefined;
  }
}

type CpuSample = { at: number; ticks: Record<string, number> };

function sampleCpu(operatorPid: number | undefined): CpuSample {
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
function cpuSeconds(from: CpuSample, to: CpuSample): Record<string, number> {
  return Object.fromEntries(
    Object.keys(to.ticks).map((k) => [k, ((to.ticks[k] ?? NaN) - (from.ticks[k] ?? NaN)) / clockTicks]),
  );
}

const describeCpu = (seconds: Record<string, number>): string =>
  ["operator", "apiserver", "etcd", "kwok", "scheduler", "kcm", "provisioner", "bench"]
    .map((k) => round(seconds[k] ?? NaN, 1))
    .join("/");

// ---------------------------------------------------------------------------------------------------------
// The apiserver's request counters (all clients), to see how many API calls each SkillPod costs.

async function apiRequests(): Promise<Map<string, number>> {
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

async function eventsByReason(namespace: string): Promise<[string, number][]> {
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

function requestDelta(before: Map<string, number>, after: Map<string, number>): [string, number][] {
  return [...after]
    .map(([key, n]): [string, number] => [key, n - (before.get(key) ?? 0)])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
}

// ---------------------------------------------------------------------------------------------------------
// The operator as a separate process: `node --import tsx`, so the child's pid is the operator itself
// (`npx tsx` would put npm and a tsx wrapper in between).

type Scrape = {
  reconciles: Record<string, number>;
  depth: number;
  heapUsed: number;
  external: number;
  /** _sum and _count of the queue-wait and reconcile-duration histograms, in seconds. */
  histograms: Record<string, number>;
};

const emptyScrape = (): Scrape => ({
  reconciles: {},
  depth: 0,
  heapUsed: NaN,
  external: NaN,
  histograms: {},
});

/** Mean of a histogram between two scrapes, in ms (`name`: workqueue_wait or reconcile_duration). */
function meanMs(from: Scrape, to: Scrape, name: string): number {
  const delta = (k: string): number => (to.histograms[k] ?? NaN) - (from.histograms[k] ?? 0);
  return (delta(`${name}_sum`) / delta(`${name}_count`)) * 1000;
}

const reconcileTotal = (s: Scrape): number => sum(Object.values(s.reconciles));
const reconcileFailures = (s: Scrape): number => reconcileTotal(s) - (s.reconciles.success ?? 0);

function parseLine(scrape: Scrape, line: string): void {
  const reconcile = /^skillpod_operator_reconcile_total\{(.*)\} (\S+)$/.exec(line);
  if (reconcile) {
    const result = /result="([^"]*)"/.exec(reconcile[1] ?? "")?.[1] ?? "unknown";
    scrape.reconciles[result] = (scrape.reconciles[result] ?? 0) + Number(reconcile[2]);
  }
  const depth = /^skillpod_operator_workqueue_depth\{.*\} (\S+)$/.exec(line);
  if (depth) scrape.depth += Number(depth[1]);
  const memory = /^nodejs_(heap_size_used|external_memory)_bytes (\S+)$/.exec(line);
  if (memory) scrape[memory[1] === "heap_size_used" ? "heapUsed" : "external"] = Number(memory[2]);
  const histogram =
    /^skillpod_operator_(workqueue_wait|reconcile_duration)_seconds_(sum|count)\{.*\} (\S+)$/.exec(line);
  if (histogram) scrape.histograms[`${histogram[1]}_${histogram[2]}`] = Number(histogram[3]);
}

function parseScrape(text: string): Scrape {
  const scrape = emptyScrape();
  for (const line of text.split("\n")) parseLine(scrape, line);
  return scrape;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Which operator code a process runs: the commit plus a hash of the sources as they are on disk when it starts
 * (the working tree is shared and edited while benchmarks run; a run whose operators differ says so).
 */
function codeFingerprint(): string {
  const hash = createHash("sha256");
  const packages = readdirSync(join(repo, "packages")).map((p) => join(repo, "packages", p, "src"));
  for (const root of [join(repo, "operator", "src"), ...packages]) {
    const files = (() => {
      try {
        return readdirSync(root, { recursive: true, encoding: "utf8" });
      } catch {
        return [];
      }
    })();
    for (const file of files.filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).sort())
      hash.update(file).update(readFileSync(join(root, file)));
  }
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
  } catch {
    // Not a git checkout.
  }
  return `${commit}/${hash.digest("hex").slice(0, 8)}`;
}

/**
 * How the operator process is started. The bundle is built once and copied to a file of this run's own, so a
 * rebuild by someone else mid-run cannot change the code under test; its fingerprint is taken at build time.
 */
const entry: { args: string[]; code?: string; file?: string } = {
  args: ["--import", "tsx", "operator/src/main.ts"],
};

async function prepareEntry(): Promise<void> {
  if (config.entry === "tsx") return;
  const code = codeFingerprint();
  await execFileAsync("npm", ["run", "-s", "build", "-w", "@skillpod/operator"], { cwd: repo });
  entry.file = join(repo, "operator", "dist", `bench-${stamp}.js`);
  copyFileSync(join(repo, "operator", "dist", "main.js"), entry.file);
  entry.args = [entry.file];
  entry.code = code;
  say(`operator: production bundle (npm run build -w @skillpod/operator) as ${entry.file}`);
}

const operators = new Set<OperatorProcess>();
/** Every operator pid this run started, stopped ones included (they linger while shutting down). */
const ownPids = new Set<number>();

class OperatorProcess {
  readonly startedAt = performance.now();
  readonly code = entry.code ?? codeFingerprint();

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {}

  static async start(namespace: string): Promise<OperatorProcess> {
    const port = await freePort();
    const logFile = join(tmpdir(), `skillpod-bench-operator-${namespace}-${Date.now()}.log`);
    const fd = openSync(logFile, "a");
    const child = spawn(process.execPath, entry.args, {
      cwd: repo,
      stdio: ["ignore", fd, fd],
      env: {
        ...env,
        OPERATOR_LEADER_ELECTION: "false",
        OPERATOR_WATCH_NAMESPACE: namespace,
        OPERATOR_METRICS_HOST: "127.0.0.1",
        OPERATOR_METRICS_PORT: String(port),
        OPERATOR_WORKERS: String(config.workers),
      },
    });
    closeSync(fd);
    const operator = new OperatorProcess(child, port, logFile);
    operators.add(operator);
    ownPids.add(operator.pid);
    return operator;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async scrape(): Promise<Scrape | undefined> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.port}/metrics`, {
        signal: AbortSignal.timeout(5000),
      });
      return response.ok ? parseScrape(await response.text()) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Scrapes, failing loudly if the operator has died (so no loop waits out its timeout for nothing). */
  async mustScrape(): Promise<Scrape> {
    if (this.exited)
      throw new FatalError(`operator exited (code ${this.child.exitCode}); log: ${this.logFile}`);
    return (await this.scrape()) ?? { ...emptyScrape(), depth: Number.POSITIVE_INFINITY };
  }

  /** Seconds from spawn until /metrics answers. */
  async waitUp(timeoutMs = 60_000): Promise<number> {
    const up = await until(async () => !this.exited && (await this.scrape()) !== undefined, timeoutMs, 50);
    if (!up) throw new Error(`operator did not serve /metrics within ${timeoutMs} ms; log: ${this.logFile}`);
    return (performance.now() - this.startedAt) / 1000;
  }

  async stop(): Promise<void> {
    operators.delete(this);
    if (this.exited) return;
    const exit = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    if (await Promise.race([exit.then(() => true), sleep(15_000).then(() => false)])) return;
    this.child.kill("SIGKILL");
    await Promise.race([exit, sleep(5000)]);
  }
}

// Another operator that watches every namespace (`make dev` runs one on the shared stack) also reconciles the
// bench's SkillPods: its writes show up here as 409 conflicts and extra load. Noticed, reported, not stopped.

const foreign = new Map<number, { first: number; last: number }>();

function foreignScope(pid: number): string | undefined {
  if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("operator/src/main.ts")) return "";
  const environ = readFileSync(`/proc/${pid}/environ`, "utf8");
  return /(?:^|\0)OPERATOR_WATCH_NAMESPACE=([^\0]*)/.exec(environ)?.[1];
}

function scanForeignOperators(): void {
  const now = performance.now();
  for (const pid of readdirSync("/proc")
    .map(Number)
    .filter((p) => p > 0 && !ownPids.has(p))) {
    try {
      const scope = foreignScope(pid);
      if (scope !== undefined && !made.namespaces.has(scope)) continue;
      const seen = foreign.get(pid);
      if (!seen) say(`WARNING: another operator (pid ${pid}) watches ${scope ?? "every namespace"}`);
      foreign.set(pid, { first: seen?.first ?? now, last: now });
    } catch {
      // The process ended meanwhile.
    }
  }
}

/** Before an operator run: waits (BENCH_QUIET_WAIT_SECONDS, default 600) while an unscoped operator runs. */
async function awaitQuiet(): Promise<void> {
  const running = (): number[] => {
    scanForeignOperators();
    return [...foreign].filter(([, f]) => performance.now() - f.last < 1000).map(([pid]) => pid);
  };
  if (running().length === 0) return;
  say(
    `waiting up to ${config.quietWaitMs / 1000} s for the other operator(s) ${running().join(", ")} to stop`,
  );
  if (!(await until(() => running().length === 0, config.quietWaitMs, 2000)))
    say("other operators still run; going on (see 'other operators seen')");
}

const foreignDuring = (from: number, to: number): number =>
  [...foreign.values()].filter((f) => f.first <= to && f.last >= from).length;

// ---------------------------------------------------------------------------------------------------------
// Watches that survive client-node's silent ends: restarted from the last resourceVersion seen.

type Watching = { stop: () => void; restarts: () => number };

async function watchAll(
  path: string,
  onEvent: (type: string, object: KubernetesObject) => void,
): Promise<Watching> {
  let resourceVersion: string | undefined;
  let stopped = false;
  let restarts = 0;
  let controller: AbortController | undefined;
  const onRaw = (type: string, object: KubernetesObject): void => {
    // An ERROR (410 Gone) means the resourceVersion is too old: start over with a fresh list.
    resourceVersion = type === "ERROR" ? undefined : (object.metadata?.resourceVersion ?? resourceVersion);
    if (type === "ADDED" || type === "MODIFIED" || type === "DELETED") onEvent(type, object);
  };
  const start = async (): Promise<void> => {
    const params = { allowWatchBookmarks: true, ...(resourceVersion ? { resourceVersion } : {}) };
    controller = await new Watch(kc).watch(path, params, onRaw, () => {
      if (stopped) return;
      restarts += 1;
      setTimeout(() => void start().catch(() => setTimeout(() => void start(), 1000)), 100);
    });
  };
  await start();
  return {
    stop: () => {
      stopped = true;
      controller?.abort();
    },
    restarts: () => restarts,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Cluster objects: tainted kwok nodes of our own, namespaces, the class. Recorded so cleanup finds them.

const made = { nodes: new Set<string>(), namespaces: new Set<string>(), classCreated: false };

function benchNode(name: string): V1Node {
  return {
    metadata: {
      name,
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "kwok.x-k8s.io/node": "fake" },
      labels: {
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/os": "linux",
        "kubernetes.io/hostname": name,
        "node-role.kubernetes.io/worker": "",
        type: "kwok",
        [nodeLabel]: stamp,
      },
    },
    // Tainted: other engineers' Pods on the shared stack must not land here (and vanish with the node).
    spec: { taints: [{ key: taintKey, value: stamp, effect: "NoSchedule" }] },
  };
}

async function createNodes(): Promise<void> {
  const pods = String(config.count + 100);
  const resources = { cpu: "64", memory: "256Gi", pods, "ephemeral-storage": "500Gi" };
  for (let i = 1; i <= config.nodes; i++) {
    const name = `bench-op-${stamp}-${i}`;
    await core.createNode({ body: benchNode(name) });
    made.nodes.add(name);
    const status = { capacity: resources, allocatable: resources, nodeInfo: { architecture: "amd64" } };
    await core.patchNodeStatus({ name, body: { status } }, mergePatch);
  }
  const ready = await until(
    async () => {
      const nodes = await core.listNode({ labelSelector: `${nodeLabel}=${stamp}` });
      return nodes.items.filter((n) => n.status?.conditions?.some(isReady)).length === config.nodes;
    },
    60_000,
    500,
  );
  if (!ready) throw new Error("kwok did not make the bench nodes Ready within 60 s");
  say(`${config.nodes} kwok nodes Ready, ${pods} Pods each, tainted ${taintKey}=${stamp}`);
}

const isReady = (c: { type: string; status: string }): boolean => c.type === "Ready" && c.status === "True";

const placement = {
  nodeSelector: { [nodeLabel]: stamp },
  tolerations: [{ key: taintKey, operator: "Equal" as const, value: stamp, effect: "NoSchedule" as const }],
};

async function createClass(): Promise<void> {
  const body: SkillPodClass = {
    apiVersion: "skillpod.dev/v1alpha1",
    kind: "SkillPodClass",
    metadata: { name: className, labels: { "skillpod.dev/bench": "true" } },
    spec: {
      image: "ghcr.io/skillpod/desktop:1.0",
      resources: { default: { cpu: "10m", memory: "16Mi" }, max: { cpu: "1", memory: "1Gi" } },
      home: { defaultSize: "1Gi" },
      ...placement,
    },
  };
  await custom.createClusterCustomObject({ ...skillPods, plural: skillPodClassPlural, body });
  made.classCreated = true;
}

async function createNamespace(name: string, restricted: boolean): Promise<void> {
  const labels: Record<string, string> = { "skillpod.dev/bench": "true" };
  if (restricted) labels["pod-security.kubernetes.io/enforce"] = "restricted";
  await core.createNamespace({ body: { metadata: { name, labels } } });
  made.namespaces.add(name);
  // Pods are refused until the namespace's default ServiceAccount exists.
  await until(
    () =>
      core.readNamespacedServiceAccount({ name: "default", namespace: name }).then(
        () => true,
        () => false,
      ),
    30_000,
  );
}

async function deleteNamespace(name: string, timeoutMs = 300_000): Promise<boolean> {
  await core.deleteNamespace({ name }).catch(() => undefined);
  const gone = await until(
    () =>
      core.readNamespace({ name }).then(
        () => false,
        () => true,
      ),
    timeoutMs,
    1000,
  );
  if (gone) made.namespaces.delete(name);
  return gone;
}

async function listSkillPods(namespace: string): Promise<SkillPod[]> {
  const list = (await custom.listNamespacedCustomObject({ ...skillPods, namespace })) as {
    items: SkillPod[];
  };
  return list.items;
}

/** Last resort when no operator can finalize: drop the finalizers so the namespace can go. */
async function stripFinalizers(namespace: string): Promise<void> {
  const left = await listSkillPods(namespace).catch(() => []);
  const body = { metadata: { finalizers: null } };
  for (const s of left) {
    const name = s.metadata?.name ?? "";
    await custom
      .patchNamespacedCustomObject({ ...skillPods, namespace, name, body }, mergePatch)
      .catch(() => 0);
  }
}

async function cleanUp(): Promise<void> {
  for (const operator of [...operators]) await operator.stop();
  for (const namespace of [...made.namespaces]) {
    await stripFinalizers(namespace);
    await deleteNamespace(namespace, 120_000);
  }
  if (made.classCreated) {
    await custom
      .deleteClusterCustomObject({ ...skillPods, plural: skillPodClassPlural, name: className })
      .catch(() => undefined);
    made.classCreated = false;
  }
  for (const name of [...made.nodes]) {
    await core.deleteNode({ name }).catch(() => undefined);
    made.nodes.delete(name);
  }
  if (entry.file) rmSync(entry.file, { force: true });
}

// ---------------------------------------------------------------------------------------------------------
// Creating N objects, paced or as one burst, stamping each create just before its call.

type Mode = "paced" | "sustained" | "burst";
const rateOf = (mode: Mode): number => (mode === "sustained" ? config.sustainedRate : config.rate);
type Created = { at: Map<string, number>; errors: number; done: number; start: number; seconds: number };

async function createAll(
  mode: Mode,
  names: string[],
  create: (name: string) => Promise<unknown>,
): Promise<Created> {
  const created: Created = { at: new Map(), errors: 0, done: 0, start: performance.now(), seconds: 0 };
  const one = async (name: string): Promise<void> => {
    created.at.set(name, performance.now());
    await create(name).catch((error: unknown) => {
      created.errors += 1;
      if (created.errors <= 5) say(`create ${name} failed: ${String(error)}`);
    });
    // Completed calls, not started ones: in a burst every call has started long before the first returns.
    created.done += 1;
    if (created.done % 100 === 0) say(`${mode}: ${created.done}/${names.length} create calls answered`);
  };
  if (mode !== "burst") {
    const pending: Promise<void>[] = [];
    for (const [i, name] of names.entries()) {
      const wait = created.start + (i * 1000) / rateOf(mode) - performance.now();
      if (wait > 0) await sleep(wait);
      pending.push(one(name));
    }
    await Promise.all(pending);
  } else {
    const queue = [...names];
    const worker = async (): Promise<void> => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) await one(name);
    };
    await Promise.all(Array.from({ length: Math.min(config.burstConcurrency, names.length) }, worker));
  }
  created.seconds = (performance.now() - created.start) / 1000;
  return created;
}

const names = (prefix: string): string[] => Array.from({ length: config.count }, (_, i) => `${prefix}-${i}`);

type Latencies = { p50: number; p95: number; p99: number; n: number };

function latencies(
  created: Map<string, number>,
  reached: Map<string, number>,
  key = (n: string): string => n,
): Latencies {
  const values = [...created]
    .map(([name, t]) => (reached.get(key(name)) ?? NaN) - t)
    .filter((v) => Number.isFinite(v));
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    n: values.length,
  };
}

/** Prints progress every 5 s while waiting for `reached` to hold every object (or the phase timeout). */
async function awaitAll(
  label: string,
  reached: () => number,
  extra: () => Promise<string>,
): Promise<boolean> {
  let last = 0;
  return until(
    async () => {
      if (reached() >= config.count) return true;
      if (performance.now() - last > 5000) {
        last = performance.now();
        say(`${label}: ${reached()}/${config.count} Running ${await extra()}`);
      }
      return false;
    },
    config.phaseTimeoutMs,
    100,
  );
}

// ---------------------------------------------------------------------------------------------------------
// The plain-Pod baseline: the same N Pods, same placement and size, no operator.

type PlainResult = { mode: Mode; running: number; seconds: number; latency: Latencies; apiPerPod: number };

function plainPod(name: string): V1Pod {
  return {
    metadata: { name },
    spec: {
      ...placement,
      automountServiceAccountToken: false,
      containers: [
        {
          name: "c",
          image: "registry.k8s.io/pause:3.10",
          resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "10m", memory: "16Mi" } },
        },
      ],
    },
  };
}

/** When each Pod of the namespace was first seen Running, by name. */
async function runningPods(namespace: string): Promise<Watching & { running: Map<string, number> }> {
  const running = new Map<string, number>();
  const watching = await watchAll(`/api/v1/namespaces/${namespace}/pods`, (_type, object) => {
    const pod = object as V1Pod;
    const name = pod.metadata?.name ?? "";
    if (pod.status?.phase === "Running" && !running.has(name)) running.set(name, performance.now());
  });
  return { ...watching, running };
}

async function plainPhase(mode: Mode): Promise<PlainResult> {
  const namespace = `bench-op-plain-${mode}-${stamp}`;
  await createNamespace(namespace, false);
  const { running, ...watch } = await runningPods(namespace);
  const api0 = await apiRequests();
  const created = await createAll(mode, names("p"), (name) =>
    core.createNamespacedPod({ namespace, body: plainPod(name) }),
  );
  await awaitAll(
    `plain ${mode}`,
    () => running.size,
    () => Promise.resolve(""),
  );
  const seconds = (Math.max(...running.values()) - created.start) / 1000;
  const apiPerPod = sum(requestDelta(api0, await apiRequests()).map(([, n]) => n)) / config.count;
  watch.stop();
  const result = { mode, running: running.size, seconds, latency: latencies(created.at, running), apiPerPod };
  say(`plain ${mode}: ${JSON.stringify(result)}`);
  if (!(await deleteNamespace(namespace))) say(`namespace ${namespace} still terminating; going on`);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// The children baseline: each SkillPod's six children POSTed straight to the API server, no operator.

type ChildrenResult = {
  mode: Mode;
  running: number;
  errors: number;
  seconds: number;
  latency: Latencies;
  apiPerSet: number;
  cpu: Record<string, number>;
};

async function createChildren(namespace: string, name: string): Promise<void> {
  const c = childrenFor(name);
  await Promise.all(
    [
      () => core.createNamespacedServiceAccount({ namespace, body: c.serviceAccount }),
      () => core.createNamespacedSecret({ namespace, body: c.secret }),
      () => core.createNamespacedPersistentVolumeClaim({ namespace, body: c.claim }),
      () => core.createNamespacedService({ namespace, body: c.service }),
      () => networking.createNamespacedNetworkPolicy({ namespace, body: c.networkPolicy }),
    ].map((create) => createOnce(create)),
  );
}

/** A loaded API server may drop a keep-alive connection mid-answer: asked again, and 409 means it was made. */
async function createOnce(create: () => Promise<unknown>, attempts = 3): Promise<void> {
  try {
    await create();
  } catch (error) {
    if ((error as { code?: number }).code === 409) return;
    if (attempts <= 1) throw error;
    await sleep(500);
    await createOnce(create, attempts - 1);
  }
}

/** Makes each workspace Pod once its claim is Bound, as the operator does; counts the Pods requested. */
async function podsOnBinding(
  namespace: string,
  onError: (error: unknown) => void,
): Promise<Watching & { made: Set<string> }> {
  const made = new Set<string>();
  const watching = await watchAll(
    `/api/v1/namespaces/${namespace}/persistentvolumeclaims`,
    (_type, object) => {
      const claim = object as V1PersistentVolumeClaim;
      const name = claim.metadata?.name ?? "";
      if (claim.status?.phase !== "Bound" || made.has(name)) return;
      made.add(name);
      createOnce(() => core.createNamespacedPod({ namespace, body: workspacePodFor(name, placement) })).catch(
        onError,
      );
    },
  );
  return { ...watching, made };
}

async function childrenPhase(mode: Mode): Promise<ChildrenResult> {
  const namespace = `bench-op-children-${mode}-${stamp}`;
  await createNamespace(namespace, true);
  let podErrors = 0;
  const pods = await podsOnBinding(namespace, (error) => {
    podErrors += 1;
    if (podErrors <= 5) say(`children ${mode}: Pod create failed: ${String(error)}`);
  });
  const { running, ...runningWatch } = await runningPods(namespace);
  const [cpu0, api0] = [sampleCpu(undefined), await apiRequests()];
  const created = await createAll(mode, names("c"), (name) => createChildren(namespace, name));
  await awaitAll(
    `children ${mode}`,
    () => running.size,
    () => Promise.resolve(`(Pods ${pods.made.size})`),
  );
  const [cpu1, api1] = [sampleCpu(undefined), await apiRequests()];
  pods.stop();
  runningWatch.stop();
  const result = {
    mode,
    running: running.size,
    errors: created.errors + podErrors,
    seconds: (Math.max(...running.values()) - created.start) / 1000,
    latency: latencies(created.at, running),
    apiPerSet: sum(requestDelta(api0, api1).map(([, n]) => n)) / config.count,
    cpu: cpuSeconds(cpu0, cpu1),
  };
  say(`children ${mode}: ${JSON.stringify(result)}`);
  if (!(await deleteNamespace(namespace))) say(`namespace ${namespace} still terminating; going on`);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// The operator phases.

type Tracker = {
  pod: Map<string, number>;
  running: Map<string, number>;
  failed: Set<string>;
  stop: () => void;
};

async function track(namespace: string): Promise<Tracker> {
  const tracker = {
    pod: new Map<string, number>(),
    running: new Map<string, number>(),
    failed: new Set<string>(),
  };
  const pods = await watchAll(`/api/v1/namespaces/${namespace}/pods`, (type, object) => {
    const owner = object.metadata?.labels?.["skillpod.dev/skillpod"];
    if (type === "ADDED" && owner && !tracker.pod.has(owner)) tracker.pod.set(owner, performance.now());
  });
  const path = `/apis/${skillPodGroup}/${skillPodVersion}/namespaces/${namespace}/${skillPodPlural}`;
  const sps = await watchAll(path, (_type, object) => {
    const skillPod = object as SkillPod;
    const name = skillPod.metadata?.name ?? "";
    const phase = skillPod.status?.phase;
    if (phase === "Running" && !tracker.running.has(name)) tracker.running.set(name, performance.now());
    if (phase === "Failed") tracker.failed.add(name);
  });
  return {
    ...tracker,
    stop: () => {
      pods.stop();
      sps.stop();
      if (pods.restarts() + sps.restarts() > 0)
        say(`watch restarts: pods ${pods.restarts()}, SkillPods ${sps.restarts()}`);
    },
  };
}

type Rest = {
  settled: boolean;
  settleSeconds: number;
  rssMiB: number;
  peakMiB: number;
  heapUsedMiB: number;
  externalMiB: number;
  cpuPercent: number;
  reconcilesPerSecond: number;
  queueDepth: number;
};

/** Waits (≤ 30 s) for the queue to drain and the reconcile count to hold still for 2 s, then samples 10 s. */
async function atRest(operator: OperatorProcess): Promise<Rest> {
  const start = performance.now();
  let previous = -1;
  let still = 0;
  const settled = await until(
    async () => {
      const s = await operator.mustScrape();
      still = s.depth === 0 && reconcileTotal(s) === previous ? still + 1 : 0;
      previous = reconcileTotal(s);
      return still >= 4;
    },
    30_000,
    500,
  );
  const settleSeconds = (performance.now() - start) / 1000;
  const [ticks0, scrape0] = [ticksOf(operator.pid), await operator.mustScrape()];
  await sleep(config.restMs);
  const [ticks1, scrape1] = [ticksOf(operator.pid), await operator.mustScrape()];
  const { rss, peak } = memoryMiB(operator.pid);
  return {
    settled,
    settleSeconds,
    rssMiB: rss,
    peakMiB: peak,
    heapUsedMiB: scrape1.heapUsed / 2 ** 20,
    externalMiB: scrape1.external / 2 ** 20,
    cpuPercent: ((ticks1 - ticks0) / clockTicks / (config.restMs / 1000)) * 100,
    reconcilesPerSecond: (reconcileTotal(scrape1) - reconcileTotal(scrape0)) / (config.restMs / 1000),
    queueDepth: scrape1.depth,
  };
}

type Resync = {
  operator: OperatorProcess;
  /** Spawn → reconcile_total ≥ N. */
  seconds: number;
  /** Spawn → /metrics answering (process start-up, before the informers list). */
  startupSeconds: number;
  /** Spawn → work queue empty after reaching N, if within 30 s of reaching N. */
  drainedSeconds: number;
  reconciles: number;
  errors: number;
  complete: boolean;
};

/**
 * A full resync, measured as a restart with the N SkillPods present (the relist every informer does at start):
 * from spawning a new operator process until its skillpod_operator_reconcile_total reaches N, polled every
 * 100 ms. The queue is FIFO and deduplicates keys, and every key is queued by the initial lists before any is
 * re-queued, so the first N completions are the N SkillPods once each. Also reports when the queue then drains.
 */
async function resync(previous: OperatorProcess, namespace: string): Promise<Resync> {
  await previous.stop();
  const operator = await OperatorProcess.start(namespace);
  const startupSeconds = await operator.waitUp();
  let last: Scrape = emptyScrape();
  const complete = await until(
    async () => {
      last = await operator.mustScrape();
      return reconcileTotal(last) >= config.count;
    },
    config.phaseTimeoutMs,
    100,
  );
  const seconds = (performance.now() - operator.startedAt) / 1000;
  const reconciles = reconcileTotal(last);
  const drained = await until(async () => (await operator.mustScrape()).depth === 0, 30_000, 100);
  const drainedSeconds = drained ? (performance.now() - operator.startedAt) / 1000 : NaN;
  const errors = reconcileFailures(await operator.mustScrape());
  return { operator, seconds, startupSeconds, drainedSeconds, reconciles, errors, complete };
}

/** Deletes every SkillPod while the operator runs (its finalizer must go), then the operator and namespace. */
async function tearDown(
  operator: OperatorProcess,
  namespace: string,
): Promise<{ seconds: number; errors: number }> {
  const start = performance.now();
  const before = await operator.mustScrape();
  await until(
    () => custom.deleteCollectionNamespacedCustomObject({ ...skillPods, namespace }).then(() => true),
    60_000,
    2000,
  );
  const gone = await until(async () => (await listSkillPods(namespace)).length === 0, 600_000, 1000);
  const seconds = (performance.now() - start) / 1000;
  const errors = reconcileFailures(await operator.mustScrape()) - reconcileFailures(before);
  if (!gone) say(`${namespace}: SkillPods left after 600 s; dropping their finalizers`);
  await operator.stop();
  if (!gone) await stripFinalizers(namespace);
  if (!(await deleteNamespace(namespace))) say(`namespace ${namespace} still terminating; going on`);
  return { seconds, errors };
}

type OperatorResult = {
  mode: Mode;
  running: number;
  failed: number;
  createErrors: number;
  createSeconds: number;
  seconds: number;
  toPod: Latencies;
  toRunning: Latencies;
  reconciles: number;
  /** Mean time a key waited in the queue, and mean reconcile duration, from first create to last Running. */
  queueWaitMs: number;
  reconcileMs: number;
  reconcileErrors: number;
  apiPerSkillPod: number;
  topRequests: [string, number][];
  /** Events in the run's namespace by reporting component and reason, per SkillPod: every one is a write. */
  eventsPerSkillPod: [string, number][];
  cpu: Record<string, number>;
  rest: Rest;
  resync: Omit<Resync, "operator">;
  restAfterRestart: Rest;
  teardown: { seconds: number; errors: number };
  /** Other operators that watched this run's namespace (or every namespace) while it ran. */
  interference: number;
  /** codeFingerprint() of the operator that took the creates, and of the one restarted for the resync. */
  code: string[];
  operatorLogs: string[];
};

function skillPod(name: string): object {
  return {
    apiVersion: `${skillPodGroup}/${skillPodVersion}`,
    kind: "SkillPod",
    metadata: { name },
    spec: { className, owner: { userId: `u-${name}` } },
  };
}

async function operatorPhase(mode: Mode): Promise<OperatorResult> {
  const namespace = `bench-op-${mode}-${stamp}`;
  await awaitQuiet();
  const phaseStart = performance.now();
  await createNamespace(namespace, true);
  const operator = await OperatorProcess.start(namespace);
  await operator.waitUp();
  say(
    `${mode}: operator pid ${operator.pid} on :${operator.port}, workers ${config.workers}, log ${operator.logFile}`,
  );
  const tracker = await track(namespace);
  const [scrape0, cpu0, api0] = [await operator.mustScrape(), sampleCpu(operator.pid), await apiRequests()];
  const created = await createAll(mode, names("sp"), (name) =>
    custom.createNamespacedCustomObject({ ...skillPods, namespace, body: skillPod(name) }),
  );
  say(`${mode}: ${config.count} creates in ${round(created.seconds, 1)} s (${created.errors} failed)`);
  const extra = async (): Promise<string> => {
    const s = await operator.mustScrape();
    return `(Pods ${tracker.pod.size}, queue ${s.depth}, reconciles ${reconcileTotal(s)}, RSS ${round(memoryMiB(operator.pid).rss)} MiB)`;
  };
  await awaitAll(`operator ${mode}`, () => tracker.running.size, extra);
  const [scrape1, cpu1, api1] = [await operator.mustScrape(), sampleCpu(operator.pid), await apiRequests()];
  const events = await eventsByReason(namespace);
  tracker.stop();
  const requests = requestDelta(api0, api1);
  const rest = await atRest(operator);
  say(`${mode}: at rest ${JSON.stringify(rest)}`);
  const restarted = await resync(operator, namespace);
  const { operator: second, ...resyncResult } = restarted;
  say(`${mode}: resync ${JSON.stringify(resyncResult)}`);
  if (second.code !== operator.code)
    say(`WARNING: the operator's code changed during the run (${operator.code} → ${second.code})`);
  const restAfterRestart = await atRest(second);
  const logs = [operator.logFile, second.logFile];
  const teardown = await tearDown(second, namespace);
  say(`${mode}: deleted ${config.count} SkillPods in ${round(teardown.seconds, 1)} s`);
  return {
    mode,
    running: tracker.running.size,
    failed: tracker.failed.size,
    createErrors: created.errors,
    createSeconds: created.seconds,
    seconds: (Math.max(...tracker.running.values()) - created.start) / 1000,
    toPod: latencies(created.at, tracker.pod),
    toRunning: latencies(created.at, tracker.running),
    reconciles: reconcileTotal(scrape1) - reconcileTotal(scrape0),
    queueWaitMs: meanMs(scrape0, scrape1, "workqueue_wait"),
    reconcileMs: meanMs(scrape0, scrape1, "reconcile_duration"),
    reconcileErrors: reconcileFailures(scrape1) - reconcileFailures(scrape0) + resyncResult.errors,
    apiPerSkillPod: sum(requests.map(([, n]) => n)) / config.count,
    topRequests: requests.slice(0, 15),
    eventsPerSkillPod: events,
    cpu: cpuSeconds(cpu0, cpu1),
    rest,
    resync: resyncResult,
    restAfterRestart,
    teardown,
    interference: foreignDuring(phaseStart, performance.now()),
    code: [...new Set([operator.code, second.code])],
    operatorLogs: logs,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Report.

function targetsMet(r: OperatorResult): string {
  const mark = (ok: boolean): string => (ok ? "✓" : "✗");
  const errors = r.reconcileErrors + r.createErrors + r.failed + (config.count - r.running);
  const p99Met = mark(r.toRunning.p99 <= targets.p99PacedMs);
  // The target is set at 20/s; at other rates the same bound is shown for information.
  const p99 = {
    paced: `p99 ${p99Met}`,
    sustained: `(p99 ≤ 2 s at ${config.sustainedRate}/s ${p99Met})`,
    burst: "p99 n/a",
  }[r.mode];
  const rss = Math.max(r.rest.rssMiB, r.restAfterRestart.rssMiB);
  return `${p99} · RSS ${mark(rss <= targets.rssMiB)} · errors ${mark(errors === 0)}`;
}

type Baselines = { plain?: PlainResult; children?: ChildrenResult };

function row(r: OperatorResult, { plain, children }: Baselines): Record<string, string | number> {
  return {
    run: r.mode === "burst" ? "burst" : `paced ${rateOf(r.mode)}/s`,
    SkillPods: config.count,
    Running: `${r.running}/${config.count}`,
    "duration (s)": round(r.seconds, 1),
    "SkillPods/s": round(r.running / r.seconds, 1),
    "p50 create→Pod (ms)": round(r.toPod.p50),
    "p95 create→Pod (ms)": round(r.toPod.p95),
    "p99 create→Pod (ms)": round(r.toPod.p99),
    "p50 create→Running (ms)": round(r.toRunning.p50),
    "p95 create→Running (ms)": round(r.toRunning.p95),
    "p99 create→Running (ms)": round(r.toRunning.p99),
    "plain Pods p99 (ms)": plain ? round(plain.latency.p99) : "—",
    "p99 ÷ plain": plain ? round(r.toRunning.p99 / plain.latency.p99, 1) : "—",
    "children only: sets/s": children ? round(children.running / children.seconds, 1) : "—",
    "children only: p50 / p99 (ms)": children
      ? `${round(children.latency.p50)} / ${round(children.latency.p99)}`
      : "—",
    "children only: API requests/set": children ? round(children.apiPerSet, 1) : "—",
    "children only: CPU-s apiserver/etcd/kcm": children
      ? ["apiserver", "etcd", "kcm"].map((k) => round(children.cpu[k] ?? NaN, 1)).join("/")
      : "—",
    "reconciles/SkillPod": round(r.reconciles / config.count, 1),
    "mean queue wait (ms)": round(r.queueWaitMs),
    "mean reconcile (ms)": round(r.reconcileMs),
    "API requests/SkillPod": round(r.apiPerSkillPod, 1),
    "reconcile errors": r.reconcileErrors,
    "full resync (s)": r.resync.complete ? round(r.resync.seconds, 1) : `> ${round(r.resync.seconds)}`,
    "RSS at rest (MiB)": round(r.rest.rssMiB),
    "RSS after restart (MiB)": round(r.restAfterRestart.rssMiB),
    "CPU at rest (%)": round(r.rest.cpuPercent, 1),
    "reconciles/s at rest": round(r.rest.reconcilesPerSecond, 1),
    "CPU-s operator/apiserver/etcd/kwok/sched/kcm/prov/bench": describeCpu(r.cpu),
    "other operators seen": r.interference,
    "operator code": r.code.join(" → "),
    "target met": targetsMet(r),
  };
}

const entryText =
  config.entry === "dist"
    ? "the production bundle, node operator/dist/main.js built by the bench (the image runs the same sources with tsx)"
    : "node --import tsx operator/src/main.ts";
const description =
  `N SkillPods through one operator process (${entryText}; OPERATOR_WORKERS=${config.workers}; scoped to the ` +
  `run's namespace), created at ${config.rate}/s, at ${config.sustainedRate}/s (a rate this machine sustains, 0 = not run), ` +
  `and as one burst (≤ ${config.burstConcurrency} creates in flight), ` +
  "on tainted kwok nodes of their own. create→Pod: create call → first ADDED of the workspace Pod on a watch; " +
  "create→Running: create call → status.phase Running on a SkillPod watch. Plain Pods: the same N Pods without the " +
  "operator, same mode, for the p99 ratio. Children only: per SkillPod the same six children (ServiceAccount, " +
  "Secret, PVC, Service, NetworkPolicy by plain POSTs, the Pod when its claim is Bound), no operator, same mode: " +
  "sets Running per second, create→Pod Running, API requests per set, CPU-s; a ceiling for any operator here. Reconciles and errors: skillpod_operator_reconcile_total deltas " +
  "(errors: result≠success, creation and resync; conflicts while deleting at the end are not counted). Mean queue " +
  "wait and mean reconcile: the operator's workqueue_wait and reconcile_duration histograms over the run. API " +
  "requests: all non-WATCH apiserver requests during the run (every client) per SkillPod. Full resync: the " +
  "operator restarted with N present, spawn → reconcile_total ≥ N (includes start-up; the FIFO, deduplicating " +
  "queue makes those the N SkillPods once each). At rest: after the queue is empty and the reconcile count holds " +
  "for 2 s, or 30 s at most, the operator process's VmRSS and CPU (utime+stime over 10 s), and its reconciles/s " +
  "meanwhile; RSS again after the restart. CPU-s: CPU seconds per process from first create to last Running. " +
  "Other operators seen: unscoped operators on the shared stack (make dev) that also reconciled these SkillPods. " +
  "Operator code: commit/hash of the operator's sources (creation → resync, when they differ). Targets: p99 " +
  `create→Running ≤ ${targets.p99PacedMs} ms paced; RSS ≤ ${targets.rssMiB} MiB; zero errors.`;

async function main(): Promise<void> {
  say(
    `N=${config.count}, rate ${config.rate}/s, workers ${config.workers}, nodes ${config.nodes}, stamp ${stamp}`,
  );
  await execFileAsync(kubectlBin, ["apply", "--server-side", "--force-conflicts", "-f", join(repo, "crds")]);
  const scanner = setInterval(scanForeignOperators, 2000);
  scanner.unref();
  await prepareEntry();
  await createNodes();
  await createClass();
  const results: (Baselines & { operator: OperatorResult })[] = [];
  const modes: Mode[] = config.sustainedRate > 0 ? ["paced", "sustained", "burst"] : ["paced", "burst"];
  for (const mode of modes) {
    const baselines: Baselines = config.baseline
      ? { plain: await plainPhase(mode), children: await childrenPhase(mode) }
      : {};
    results.push({ ...baselines, operator: await operatorPhase(mode) });
  }
  const result = {
    name: "Operator: SkillPods create → Running at scale",
    date: new Date().toISOString(),
    description,
    rows: results.map((r) => row(r.operator, r)),
  };
  writeFileSync(
    join(import.meta.dirname, "results", "operator.json"),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  clearInterval(scanner);
  console.log(JSON.stringify({ config, transientErrors, results }, null, 2));
}

let cleaning: Promise<void> | undefined;
const cleanOnce = (): Promise<void> => (cleaning ??= cleanUp());
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // `on`, not `once`: npx passes the same signal on, and a second one must not end the clean-up half done.
  process.on(signal, () => {
    if (cleaning) return;
    say(`${signal}: cleaning up`);
    void cleanOnce().finally(() => process.exit(130));
  });
}

try {
  await main();
} finally {
  await cleanOnce();
  kc.destroyAgents();
  say("cleaned up");
}
