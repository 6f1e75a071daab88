export { waitFor } from "./wait-for.js";
export { stackEnv } from "./stack-env.js";
export { WorkerSupervisor, bundleWorkflows, type SupervisorStats } from "./worker-supervisor.js";
export { LiveClient, LiveRefused, type LiveFrame } from "./live-client.js";
export { NodeProcess, type NodeProcessOptions } from "./node-process.js";
export { freePort } from "./free-port.js";
export { runTool, toolPath, toolsDir, type ToolOptions, type ToolResult } from "./tools.js";
export { startOperatorProcess } from "./operator-process.js";
export { OtlpReceiver, type ReceivedSpan } from "./otlp-receiver.js";
export { acceptsConnections, freeXDisplay } from "./desktop-probes.js";
export { launchChromium, chromiumPath } from "./chromium.js";
export { startPlatform, type MetricsSource, type Platform, type PlatformOptions } from "./platform.js";
export { ensurePortalBuild, portalDir } from "./portal-build.js";
export { portalPageGroups, portalPages, type PortalPage } from "./portal-routes.js";
export {
  account,
  accountOf,
  apiCall,
  buildWorld,
  postJob,
  useApi,
  type Account,
  type Role,
  type World,
} from "./platform-world.js";
export { differingBlocks, screenOf, terminalOn, typeInTerminal, type Screen } from "./desktop-canvas.js";
