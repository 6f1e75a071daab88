// Where a SkillPod's desktop keeps its HOME on the local stack (the home claim's local volume, as the desktop
// runner mounts it): a browser test types a command into the desktop and reads its effect back here.
import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import { skillPodGroup, skillPodPlural, skillPodVersion, type SkillPod } from "@skillpod/api";
import { volumePathOf } from "@skillpod/desktop-runner";
import { loadKubeConfig } from "@skillpod/kube-client";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const kube = loadKubeConfig(stackEnv("KUBECONFIG"));

export async function desktopHomeOf(ref: { namespace: string; name: string }): Promise<string> {
  const custom = kube.makeApiClient(CustomObjectsApi);
  const core = kube.makeApiClient(CoreV1Api);
  const skillPod = (await custom.getNamespacedCustomObject({
    group: skillPodGroup,
    version: skillPodVersion,
    plural: skillPodPlural,
    namespace: ref.namespace,
    name: ref.name,
  })) as SkillPod;
  const pod = await core.readNamespacedPod({
    namespace: ref.namespace,
    name: skillPod.status?.podName ?? "",
  });
  const claim =
    pod.spec?.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName ?? "";
  return waitFor(
    `the home volume of ${ref.name}`,
    async () => (await volumePathOf(core, ref.namespace, claim)) ?? false,
  );
}

export function readHomeFile(home: string, file: string): string | undefined {
  const path = join(home, file);
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}
