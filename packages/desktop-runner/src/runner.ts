import { CoreV1Api, makeInformer, type V1Pod, type V1PodList, type V1Secret } from "@kubernetes/client-node";
import { loadKubeConfig } from "@skillpod/kube-client";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import type { DesktopRunnerConfig } from "./config.js";
import { desktopPlanFor, resolveEnv, workspacePodSelector, type DesktopPlan } from "./desktop-plan.js";
import { DesktopProcess, type Launch } from "./desktop-process.js";
import { DisplayPool } from "./displays.js";
import { homeDirFor } from "./home-dir.js";
import { PassQueue } from "./pass-queue.js";

export type DesktopRunner = {
  /** Pod (namespace/name) → the desktop's process group id, for tests and /healthz. */
  desktops: () => Map<string, number | undefined>;
  stop: () => Promise<void>;
};

type Running = { plan: DesktopPlan; process: DesktopProcess };

const safeName = (pod: string): string => pod.replace(/[^A-Za-z0-9_.-]/g, "_");

/**
 * Runs the local stack's desktops: for every Running workspace Pod (kwok runs no containers) the SkillPod's
 * desktop for real, with the Pod's env and on the Pod's address; stopped when the Pod goes or stops running.
 * Level-based: each pass lists the Pods and makes the running desktops match; a watch only makes passes come
 * sooner, and a timer makes them come at all when a watch goes quiet.
 */
export async function startDesktopRunner(config: DesktopRunnerConfig, log: Logger): Promise<DesktopRunner> {
  const kc = loadKubeConfig(config.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const displays = new DisplayPool(config.firstDisplay);
  const running = new Map<string, Running>();
  const skipped = new Set<string>();
  await mkdir(join(config.stateDir, "run"), { recursive: true });

  const readSecret =
    (namespace: string) =>
    async (name: string): Promise<V1Secret | undefined> =>
      core.readNamespacedSecret({ namespace, name }).catch((error: unknown) => {
        if ((error as { code?: number }).code === 404) return undefined;
        throw error;
      });

  const prepare = async (plan: DesktopPlan): Promise<Launch> => {
    const podEnv = await resolveEnv(plan.env, readSecret(plan.namespace));
    const home = await homeDirFor(core, plan.namespace, plan.homeClaim, join(config.stateDir, "homes"));
    const scratch = join(config.stateDir, "run", safeName(plan.pod));
    await mkdir(scratch, { recursive: true });
    const display = displays.acquire();
    return {
      script: config.script,
      cwd: home,
      logFile: `${scratch}.log`,
      release: () => displays.release(display),
      env: {
        PATH: config.path,
        ...podEnv,
        // What differs from a node: the home volume's local path, a /tmp of its own, a display of its own,
        // and the Pod's address to listen on (a loopback-routed address, see scripts/stack/desktop-runner.sh).
        HOME: home,
        TMPDIR: scratch,
        DESKTOP_DISPLAY: String(display),
        DESKTOP_LISTEN_ADDRESS: plan.podIP,
      },
    };
  };

  const startDesktop = (plan: DesktopPlan): void => {
    const desktop = new DesktopProcess({ pod: plan.pod, prepare: () => prepare(plan), log });
    running.set(plan.key, { plan, process: desktop });
    desktop.start();
  };

  const stopDesktop = async (key: string): Promise<void> => {
    const desktop = running.get(key);
    running.delete(key);
    await desktop?.process.stop();
  };

  /** One pass: stop what is no longer due first (a new Pod may get the address of a gone one), then start. */
  const listPods = (): Promise<V1PodList> => {
    const labelSelector = workspacePodSelector;
    const namespace = config.namespace;
    return namespace
      ? core.listNamespacedPod({ namespace, labelSelector })
      : core.listPodForAllNamespaces({ labelSelector });
  };

  const reconcile = async (): Promise<void> => {
    const pods = await listPods();
    const due = plansOf(pods.items, log);
    const stale = [...running].filter(([key, r]) => due.get(key)?.podIP !== r.plan.podIP);
    await Promise.all(stale.map(([key]) => stopDesktop(key)));
    for (const plan of due.values()) {
      if (running.has(plan.key)) continue;
      if (running.size >= config.maxDesktops) {
        if (!skipped.has(plan.key))
          log.warn({ pod: plan.pod }, `Skipped desktop of Pod ${plan.pod}: ${running.size} run already`);
        skipped.add(plan.key);
        continue;
      }
      skipped.delete(plan.key);
      startDesktop(plan);
    }
  };

  const passes = new PassQueue(reconcile, log);
  const path = config.namespace ? `/api/v1/namespaces/${config.namespace}/pods` : "/api/v1/pods";
  const informer = makeInformer(kc, path, listPods, workspacePodSelector);
  for (const event of ["add", "update", "delete"] as const) informer.on(event, () => passes.request());
  informer.on("error", (error: unknown) => {
    log.warn({ err: error }, "Watch of workspace Pods failed; restarting it");
    setTimeout(
      () => void informer.start().catch((e: unknown) => log.error({ err: e }, "Failed to restart watch")),
      2000,
    );
  });
  await informer.start();
  passes.request();
  await passes.idle();
  const timer = setInterval(() => passes.request(), config.resyncSeconds * 1000);

  return {
    desktops: () => new Map([...running.values()].map((r) => [r.plan.pod, r.process.pid])),
    stop: async () => {
      clearInterval(timer);
      await informer.stop();
      await passes.close();
      await Promise.all([...running.keys()].map((key) => stopDesktop(key)));
    },
  };
}

function plansOf(pods: V1Pod[], log: Logger): Map<string, DesktopPlan> {
  const due = new Map<string, DesktopPlan>();
  for (const pod of pods) {
    const found = desktopPlanFor(pod);
    if (!found) continue;
    if (found.problems.length > 0)
      log.warn({ pod: found.plan.pod, problems: found.problems }, "Ignored env the runner cannot give");
    due.set(found.plan.key, found.plan);
  }
  return due;
}
