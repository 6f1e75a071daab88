// generated from crds/*.yaml by packages/api/scripts/generate-types.ts — do not edit
import type { V1ListMeta, V1ObjectMeta } from "@kubernetes/client-node";

/** A SkillPodClass (skillpod.dev/v1alpha1, cluster-scoped). */
export interface SkillPodClass {
  apiVersion: "skillpod.dev/v1alpha1";
  kind: "SkillPodClass";
  metadata: V1ObjectMeta;
  /** A kind of desktop an admin offers. */
  spec: SkillPodClassSpec;
}

/** A page of SkillPodClass objects, as a list call returns them. */
export interface SkillPodClassList {
  apiVersion: "skillpod.dev/v1alpha1";
  kind: "SkillPodClassList";
  metadata: V1ListMeta;
  items: SkillPodClass[];
}

/** A kind of desktop an admin offers. */
export interface SkillPodClassSpec {
  displayName?: string;
  description?: string;
  /** Desktop image: an RFB (VNC) server with VncAuth on streamPort, e.g. images/desktop. */
  image: string;
  /** @default "IfNotPresent" */
  imagePullPolicy?: SkillPodClassSpecImagePullPolicy;
  /** @default 6901 */
  streamPort?: number;
  resources: SkillPodClassSpecResources;
  /** @default {} */
  home?: SkillPodClassSpecHome;
  /**
   * Ready, unowned desktop Pods the operator keeps per namespace, so that a new SkillPod with an Ephemeral home adopts one instead of waiting for a Pod to be created.
   * @default {}
   */
  warmPool?: SkillPodClassSpecWarmPool;
  /** @default {} */
  idle?: SkillPodClassSpecIdle;
  /** @default {} */
  egress?: SkillPodClassSpecEgress;
  /** gVisor or Kata where the cluster has them. */
  runtimeClassName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: SkillPodClassSpecTolerationsItem[];
}

export type SkillPodClassSpecImagePullPolicy = "Always" | "IfNotPresent" | "Never";

export interface SkillPodClassSpecResources {
  /** @default {"cpu":"1","memory":"2Gi"} */
  default?: SkillPodClassSpecResourcesDefault;
  max: SkillPodClassSpecResourcesMax;
}

export interface SkillPodClassSpecResourcesDefault {
  cpu?: string | number;
  memory?: string | number;
}

export interface SkillPodClassSpecResourcesMax {
  cpu: string | number;
  memory: string | number;
}

export interface SkillPodClassSpecHome {
  /** @default "10Gi" */
  defaultSize?: string | number;
  storageClassName?: string;
}

/** Ready, unowned desktop Pods the operator keeps per namespace, so that a new SkillPod with an Ephemeral home adopts one instead of waiting for a Pod to be created. */
export interface SkillPodClassSpecWarmPool {
  /** @default 0 */
  size?: number;
  /** Where pool Pods are kept (tenant namespaces). Empty means the namespace the operator is scoped to, if any. */
  namespaces?: string[];
}

export interface SkillPodClassSpecIdle {
  /** @default 1800 */
  timeoutSeconds?: number;
  /** @default 300 */
  warnSeconds?: number;
}

export interface SkillPodClassSpecEgress {
  /** Destinations as CIDR:port, added to every SkillPod of the class. */
  allow?: string[];
}

export interface SkillPodClassSpecTolerationsItem {
  key?: string;
  operator?: SkillPodClassSpecTolerationsItemOperator;
  value?: string;
  effect?: SkillPodClassSpecTolerationsItemEffect;
  tolerationSeconds?: number;
}

export type SkillPodClassSpecTolerationsItemOperator = "Exists" | "Equal";

export type SkillPodClassSpecTolerationsItemEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

/** A SkillPod (skillpod.dev/v1alpha1, namespaced). */
export interface SkillPod {
  apiVersion: "skillpod.dev/v1alpha1";
  kind: "SkillPod";
  metadata: V1ObjectMeta;
  /** One workspace, bound to its owner and optionally to a contract. */
  spec: SkillPodSpec;
  status?: SkillPodStatus;
}

/** A page of SkillPod objects, as a list call returns them. */
export interface SkillPodList {
  apiVersion: "skillpod.dev/v1alpha1";
  kind: "SkillPodList";
  metadata: V1ListMeta;
  items: SkillPod[];
}

/** One workspace, bound to its owner and optionally to a contract. */
export interface SkillPodSpec {
  className: string;
  owner: SkillPodSpecOwner;
  contract?: SkillPodSpecContract;
  /** @default "Running" */
  state?: SkillPodSpecState;
  resources?: SkillPodSpecResources;
  /** @default {} */
  home?: SkillPodSpecHome;
  /** Running time the contract has funded. At runningSeconds of use the operator stops the SkillPod (reason BudgetExhausted); warnSeconds before, the BudgetWarning condition turns True. Raising runningSeconds lets the owner start it again. */
  budget?: SkillPodSpecBudget;
  idle?: SkillPodSpecIdle;
  /** @format date-time */
  expiresAt?: string;
  /** @default "Stop" */
  expiryAction?: SkillPodSpecExpiryAction;
  /** @default {} */
  supervision?: SkillPodSpecSupervision;
  /** @default {} */
  policy?: SkillPodSpecPolicy;
}

export interface SkillPodSpecOwner {
  userId: string;
}

export interface SkillPodSpecContract {
  id: string;
  milestoneId?: string;
}

export type SkillPodSpecState = "Running" | "Stopped";

export interface SkillPodSpecResources {
  cpu?: string | number;
  memory?: string | number;
}

export interface SkillPodSpecHome {
  size?: string | number;
  /** @default "Retain" */
  retain?: SkillPodSpecHomeRetain;
  /**
   * Persistent: a PersistentVolumeClaim (retained or not). Ephemeral: an emptyDir that goes with the Pod; only such a SkillPod may adopt a warm-pool Pod.
   * @default "Persistent"
   */
  volume?: SkillPodSpecHomeVolume;
}

export type SkillPodSpecHomeRetain = "Retain" | "Delete";

/** Persistent: a PersistentVolumeClaim (retained or not). Ephemeral: an emptyDir that goes with the Pod; only such a SkillPod may adopt a warm-pool Pod. */
export type SkillPodSpecHomeVolume = "Persistent" | "Ephemeral";

/** Running time the contract has funded. At runningSeconds of use the operator stops the SkillPod (reason BudgetExhausted); warnSeconds before, the BudgetWarning condition turns True. Raising runningSeconds lets the owner start it again. */
export interface SkillPodSpecBudget {
  runningSeconds: number;
  /** @default 600 */
  warnSeconds?: number;
}

export interface SkillPodSpecIdle {
  timeoutSeconds?: number;
  warnSeconds?: number;
}

export type SkillPodSpecExpiryAction = "Stop" | "Delete";

export interface SkillPodSpecSupervision {
  viewers?: string[];
  /** @default "Disabled" */
  recording?: SkillPodSpecSupervisionRecording;
}

export type SkillPodSpecSupervisionRecording = "Disabled" | "WithConsent";

export interface SkillPodSpecPolicy {
  /** @default "Both" */
  clipboard?: SkillPodSpecPolicyClipboard;
  /** @default "Both" */
  fileTransfer?: SkillPodSpecPolicyFileTransfer;
  /** @default {} */
  egress?: SkillPodSpecPolicyEgress;
}

export type SkillPodSpecPolicyClipboard = "Both" | "ToWorkspace" | "Disabled";

export type SkillPodSpecPolicyFileTransfer = "Both" | "Disabled";

export interface SkillPodSpecPolicyEgress {
  /** Destinations as CIDR:port beyond DNS; the metadata address is always excluded. */
  allow?: string[];
}

export interface SkillPodStatus {
  phase?: SkillPodStatusPhase;
  conditions?: SkillPodStatusConditionsItem[];
  observedGeneration?: number;
  podName?: string;
  serviceName?: string;
  endpoint?: string;
  /** @format date-time */
  startedAt?: string;
  /** @format date-time */
  lastActivityAt?: string;
  /** @format date-time */
  stoppedAt?: string;
  usage?: SkillPodStatusUsage;
}

export type SkillPodStatusPhase =
  | "Pending"
  | "Provisioning"
  | "Starting"
  | "Running"
  | "Stopping"
  | "Stopped"
  | "Expired"
  | "Failed"
  | "Terminating";

export interface SkillPodStatusConditionsItem {
  type: string;
  status: SkillPodStatusConditionsItemStatus;
  observedGeneration?: number;
  /** @format date-time */
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export type SkillPodStatusConditionsItemStatus = "True" | "False" | "Unknown";

export interface SkillPodStatusUsage {
  /** Completed sessions plus the open one up to the last reconcile. */
  runningSeconds?: number;
  /** Running time of completed sessions. */
  closedSeconds?: number;
}
