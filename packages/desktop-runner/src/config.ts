import { fileURLToPath } from "node:url";

/** The desktop runner's one config, read from the environment once at start. */
export type DesktopRunnerConfig = {
  kubeconfig: string;
  /** images/desktop/start-desktop.sh: the image's entry point, so the flags cannot drift. */
  script: string;
  /** Per-desktop scratch (TMPDIR) and homes of SkillPods whose volume has no local path. */
  stateDir: string;
  healthPort: number;
  resyncSeconds: number;
  /** X displays from here up (default :600): tests that start an Xvnc of their own pick below :500. */
  firstDisplay: number;
  maxDesktops: number;
  logLevel: string;
  /** Only this namespace's Pods (a test's own runner); unset: every namespace, as in the stack. */
  namespace?: string;
  /** Where the desktop's programs are found (the runner passes nothing else of its own environment). */
  path: string;
};

const defaultScript = fileURLToPath(new URL("../../../images/desktop/start-desktop.sh", import.meta.url));

function integer(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) problems.push(`${name}: expected a whole number, got '${raw}'`);
  return value;
}

function required(env: Record<string, string | undefined>, name: string, problems: string[]): string {
  const value = env[name] ?? "";
  if (!value) problems.push(`${name}: required`);
  return value;
}

/** Fails with every bad variable named, like the other processes' configs. */
export function loadDesktopRunnerConfig(env: Record<string, string | undefined>): DesktopRunnerConfig {
  const problems: string[] = [];
  const config: DesktopRunnerConfig = {
    kubeconfig: required(env, "KUBECONFIG", problems),
    script: env.DESKTOP_SCRIPT || defaultScript,
    stateDir: required(env, "DESKTOP_RUNNER_STATE_DIR", problems),
    healthPort: integer(env, "DESKTOP_RUNNER_PORT", 10391, problems),
    resyncSeconds: integer(env, "DESKTOP_RUNNER_RESYNC_SECONDS", 10, problems),
    firstDisplay: integer(env, "DESKTOP_RUNNER_FIRST_DISPLAY", 600, problems),
    maxDesktops: integer(env, "DESKTOP_RUNNER_MAX_DESKTOPS", 32, problems),
    logLevel: env.LOG_LEVEL || "info",
    path: env.PATH || "/usr/local/bin:/usr/bin:/bin",
    ...(env.DESKTOP_RUNNER_NAMESPACE ? { namespace: env.DESKTOP_RUNNER_NAMESPACE } : {}),
  };
  if (config.healthPort > 65535) problems.push("DESKTOP_RUNNER_PORT: not a port");
  if (config.resyncSeconds < 1) problems.push("DESKTOP_RUNNER_RESYNC_SECONDS: at least 1");
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
  return config;
}
