import type { ControlPlaneConfig } from "../../config.js";
import type { TypedApp } from "./typed-app.js";

export async function notificationsRoutes(app: TypedApp, config: ControlPlaneConfig): Promise<void> {
  void app;
  void config;
  return Promise.resolve();
}
