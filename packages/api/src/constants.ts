// Names the operator, the session gateway and the control plane must agree on. Label keys and values are
// selectors across processes, so changing one is an API change.
import type { SkillPodStatusConditionsItem, SkillPodStatusPhase } from "./generated/crd-types.js";

export const skillPodGroup = "skillpod.dev";
export const skillPodVersion = "v1alpha1";
export const skillPodApiVersion = `${skillPodGroup}/${skillPodVersion}` as const;
export const skillPodKind = "SkillPod";
export const skillPodListKind = "SkillPodList";
export const skillPodPlural = "skillpods";
export const skillPodClassKind = "SkillPodClass";
export const skillPodClassListKind = "SkillPodClassList";
export const skillPodClassPlural = "skillpodclasses";

/** Held on every SkillPod until its retained home has been released from garbage collection. */
export const finalizerName = "skillpod.dev/finalizer";

/** The one server-side-apply field manager for everything the operator writes. */
export const fieldManager = "skillpod-operator";

/** Value of labels.managedBy on every child, so the operator's watches can select only what it owns. */
export const managedBy = "skillpod-operator";

/** Label keys. */
export const labels = {
  /** On every child: the name of its SkillPod. */
  skillPod: "skillpod.dev/skillpod",
  /** On every child: spec.owner.userId, so a new SkillPod of the same owner can find a retained home. */
  owner: "skillpod.dev/owner",
  /** spec.contract.id, when the SkillPod is bound to a contract. */
  contract: "skillpod.dev/contract",
  /** spec.contract.milestoneId, when set. */
  milestone: "skillpod.dev/milestone",
  /** Which part of the workspace a child is: one of skillPodComponents. */
  component: "skillpod.dev/component",
  managedBy: "app.kubernetes.io/managed-by",
  /** "true" on the session gateway's Pods: the only ingress a workspace's NetworkPolicy admits. */
  sessionGateway: "skillpod.dev/session-gateway",
  /** "true" on a home PVC that outlived its SkillPod, so that a new SkillPod of the same owner can adopt it. */
  retainedHome: "skillpod.dev/retained-home",
  /** On a warm-pool Pod (and its stream Secret) until a SkillPod adopts it: the SkillPodClass it was made for. */
  warmPool: "skillpod.dev/warm-pool",
} as const;

/** The value of the boolean labels (labels.sessionGateway, labels.retainedHome). */
export const labelTrue = "true";

/** Values of labels.component, one per kind of child. */
export const skillPodComponents = {
  /** The Pod running the desktop. */
  workspace: "workspace",
  /** The PersistentVolumeClaim mounted as the home directory. */
  home: "home",
  /** The Service in front of the stream port. */
  stream: "stream",
  /** The Secret the session gateway presents to the stream. */
  streamCredential: "stream-credential",
  networkPolicy: "network-policy",
  serviceAccount: "service-account",
} as const;
export type SkillPodComponent = (typeof skillPodComponents)[keyof typeof skillPodComponents];

/** RFC 3339 time of the last input the session gateway saw (it writes this); drives the idle timeout. */
export const activityAnnotation = "skillpod.dev/last-activity";

/**
 * W3C traceparent of whoever last created or changed the SkillPod (the workers' provisioning activity, the
 * control plane): the operator makes it the parent of its reconcile span, so one trace runs end to end.
 */
export const traceparentAnnotation = "skillpod.dev/traceparent";

/** Why the operator set spec.state to Stopped ("Idle", "BudgetExhausted"). */
export const stoppedReasonAnnotation = "skillpod.dev/stopped-reason";

/** Condition types in SkillPod status.conditions; the CRD leaves `type` open, so these are the contract. */
export const skillPodConditionTypes = {
  ready: "Ready",
  storageReady: "StorageReady",
  networkIsolated: "NetworkIsolated",
  scheduled: "Scheduled",
  idleWarning: "IdleWarning",
  expired: "Expired",
  budgetWarning: "BudgetWarning",
} as const;
export type SkillPodConditionType = (typeof skillPodConditionTypes)[keyof typeof skillPodConditionTypes];

/** One entry of status.conditions (the metav1.Condition shape). */
export type SkillPodCondition = SkillPodStatusConditionsItem;

export type SkillPodPhase = SkillPodStatusPhase;

/** Every phase, in lifecycle order; constants.test.ts keeps it equal to the CRD's enum. */
export const skillPodPhases = [
  "Pending",
  "Provisioning",
  "Starting",
  "Running",
  "Stopping",
  "Stopped",
  "Expired",
  "Failed",
  "Terminating",
] as const satisfies readonly SkillPodPhase[];

/**
 * Keys of the stream Secret's data. VncAuth uses at most 8 characters of a password: the owner's desktop
 * session authenticates with `interactive`, a watcher's with `view` (Xvnc's view-only password), so the VNC
 * server ignores a watcher's input even if the gateway's filter were wrong.
 */
export const streamSecretKeys = { interactive: "password", view: "view-password" } as const;
