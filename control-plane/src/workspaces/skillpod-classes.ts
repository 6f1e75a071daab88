// The SkillPodClasses (the kinds of desktop an admin offers) as admins and auditors read them. Cluster-scoped
// objects, read through the Kubernetes API like SkillPods; an unreachable apiserver is the workspaces' 503.
import type { CustomObjectsApi } from "@kubernetes/client-node";
import {
  skillPodClassPlural,
  skillPodGroup,
  skillPodVersion,
  type SkillPodClass,
  type SkillPodClassList,
  type SkillPodClassSpec,
} from "@skillpod/api";
import { workspacesUnavailable } from "./workspace-errors.js";

export type SkillPodClassView = {
  name: string;
  displayName: string;
  description: string;
  image: string;
  imagePullPolicy: string;
  streamPort: number;
  resources: { default: Resources; max: Resources };
  home: { defaultSize: string; storageClassName: string | null };
  idle: { timeoutSeconds: number; warnSeconds: number };
  egressAllow: string[];
  runtimeClassName: string | null;
  createdAt: string | null;
};

type Resources = { cpu: string; memory: string };

// The CRD's defaults: the apiserver fills them in, these only cover an object stored before a default existed.
const defaults = {
  imagePullPolicy: "IfNotPresent",
  streamPort: 6901,
  resources: { cpu: "1", memory: "2Gi" },
  homeSize: "10Gi",
  idle: { timeoutSeconds: 1800, warnSeconds: 300 },
} as const;

const quantityOf = (value: string | number | undefined, fallback: string): string =>
  value === undefined ? fallback : String(value);

function resourcesOf(spec: SkillPodClassSpec): SkillPodClassView["resources"] {
  const { default: initial, max } = spec.resources;
  return {
    default: {
      cpu: quantityOf(initial?.cpu, defaults.resources.cpu),
      memory: quantityOf(initial?.memory, defaults.resources.memory),
    },
    max: { cpu: String(max.cpu), memory: String(max.memory) },
  };
}

function homeOf(spec: SkillPodClassSpec): SkillPodClassView["home"] {
  return {
    defaultSize: quantityOf(spec.home?.defaultSize, defaults.homeSize),
    storageClassName: spec.home?.storageClassName ?? null,
  };
}

function viewOf(item: SkillPodClass): SkillPodClassView {
  const { spec, metadata } = item;
  const name = metadata.name ?? "";
  return {
    name,
    displayName: spec.displayName ?? name,
    description: spec.description ?? "",
    image: spec.image,
    imagePullPolicy: spec.imagePullPolicy ?? defaults.imagePullPolicy,
    streamPort: spec.streamPort ?? defaults.streamPort,
    resources: resourcesOf(spec),
    home: homeOf(spec),
    idle: { ...defaults.idle, ...spec.idle },
    egressAllow: spec.egress?.allow ?? [],
    runtimeClassName: spec.runtimeClassName ?? null,
    // A list answers JSON as stored: the time is text here, though the type says Date.
    createdAt: metadata.creationTimestamp ? new Date(metadata.creationTimestamp).toISOString() : null,
  };
}

/** Every SkillPodClass in the cluster, by name. */
export async function listSkillPodClasses(custom: CustomObjectsApi): Promise<SkillPodClassView[]> {
  let list: SkillPodClassList;
  try {
    list = (await custom.listClusterCustomObject({
      group: skillPodGroup,
      version: skillPodVersion,
      plural: skillPodClassPlural,
    })) as SkillPodClassList;
  } catch {
    throw workspacesUnavailable();
  }
  return list.items.map(viewOf).sort((a, b) => a.name.localeCompare(b.name));
}
