// SkillPods the CRD's schema and CEL rules must refuse, each with the field and message the API server names.
export type Manifest = Record<string, unknown>;

export const validSpec = { className: "standard-desktop", owner: { userId: "u_123" } };

export interface Refusal {
  what: string;
  spec: Manifest;
  field: string;
  message: RegExp;
}

export const refusedSkillPods: Refusal[] = [
  {
    what: "a missing className",
    spec: { owner: { userId: "u_123" } },
    field: "spec.className",
    message: /Required value/,
  },
  {
    what: "a missing owner.userId",
    spec: { className: "standard-desktop", owner: {} },
    field: "spec.owner.userId",
    message: /Required value/,
  },
  {
    what: 'state "Off"',
    spec: { ...validSpec, state: "Off" },
    field: "spec.state",
    message: /Unsupported value: "Off": supported values: "Running", "Stopped"/,
  },
  {
    what: "state false (what YAML 1.1 makes of an unquoted Off)",
    spec: { ...validSpec, state: false },
    field: "spec.state",
    message: /must be of type string/,
  },
  {
    what: "an unknown state",
    spec: { ...validSpec, state: "Paused" },
    field: "spec.state",
    message: /Unsupported value: "Paused"/,
  },
  {
    what: 'resources.cpu "two"',
    spec: { ...validSpec, resources: { cpu: "two" } },
    field: "spec.resources.cpu",
    message: /should match/,
  },
  {
    what: "idle.warnSeconds equal to idle.timeoutSeconds",
    spec: { ...validSpec, idle: { timeoutSeconds: 300, warnSeconds: 300 } },
    field: "spec.idle",
    message: /idle.warnSeconds must be less than idle.timeoutSeconds/,
  },
  {
    what: "idle.warnSeconds above idle.timeoutSeconds",
    spec: { ...validSpec, idle: { timeoutSeconds: 600, warnSeconds: 900 } },
    field: "spec.idle",
    message: /idle.warnSeconds must be less than idle.timeoutSeconds/,
  },
  {
    what: "an idle timeout under a minute",
    spec: { ...validSpec, idle: { timeoutSeconds: 30 } },
    field: "spec.idle.timeoutSeconds",
    message: /greater than or equal to 60/,
  },
  {
    what: "an egress allow entry for the metadata service",
    spec: { ...validSpec, policy: { egress: { allow: ["10.0.0.0/8:443", "169.254.169.254/32:80"] } } },
    field: "spec.policy.egress.allow[1]",
    message: /link-local destinations \(the cloud metadata service\) are never allowed/,
  },
  {
    what: "an egress allow entry without a port",
    spec: { ...validSpec, policy: { egress: { allow: ["10.0.0.0/8"] } } },
    field: "spec.policy.egress.allow[0]",
    message: /should match/,
  },
  {
    what: 'expiresAt "tomorrow"',
    spec: { ...validSpec, expiresAt: "tomorrow" },
    field: "spec.expiresAt",
    message: /must be of type date-time/,
  },
  {
    // Owner, contract and milestone ids become label values: at most 63 characters, alphanumeric at both ends.
    what: "a userId that cannot be a label value",
    spec: { ...validSpec, owner: { userId: "u_123-" } },
    field: "spec.owner.userId",
    message: /should match/,
  },
  {
    what: "a 64-character contract id",
    spec: { ...validSpec, contract: { id: "c".repeat(64) } },
    field: "spec.contract.id",
    message: /should match/,
  },
  {
    what: "the same viewer twice",
    spec: { ...validSpec, supervision: { viewers: ["u_client", "u_client"] } },
    field: "spec.supervision.viewers[1]",
    message: /Duplicate value/,
  },
];
