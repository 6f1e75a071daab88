// The local stack's desktop runner: real desktops for SkillPods on kwok nodes.
export { loadDesktopRunnerConfig, type DesktopRunnerConfig } from "./config.js";
export { startDesktopRunner, type DesktopRunner } from "./runner.js";
export {
  desktopPlanFor,
  isDesktopDue,
  resolveEnv,
  workspacePodSelector,
  type DesktopPlan,
} from "./desktop-plan.js";
export { volumePathOf } from "./home-dir.js";
