import { parseConfig } from "@skillpod/config";
import { z } from "zod";

const schema = z.object({
  KUBECONFIG: z.string().min(1, "path to a kubeconfig is required"),
  PROVISIONER_NAME: z.string().default("skillpod.dev/local-path"),
  VOLUME_ROOT: z.string().min(1, "a directory for volume paths is required"),
  HEALTH_PORT: z.coerce.number().int().min(1).max(65535).default(10390),
  RESYNC_SECONDS: z.coerce.number().int().positive().default(30),
});

export type ProvisionerConfig = {
  kubeconfig: string;
  provisionerName: string;
  volumeRoot: string;
  healthPort: number;
  resyncSeconds: number;
};

export function loadProvisionerConfig(env: Record<string, string | undefined>): ProvisionerConfig {
  const c = parseConfig(schema, env);
  return {
    kubeconfig: c.KUBECONFIG,
    provisionerName: c.PROVISIONER_NAME,
    volumeRoot: c.VOLUME_ROOT,
    healthPort: c.HEALTH_PORT,
    resyncSeconds: c.RESYNC_SECONDS,
  };
}
