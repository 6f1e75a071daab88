// What a contract is made of, as the control plane hands it to ContractWorkflow. Plain JSON only (it travels
// through Temporal payloads): money is an integer number of minor units, times are ISO 8601 strings.

export type Currency = string;

export type MilestoneTerms = {
  id: string;
  title: string;
  amountMinor: number;
  /** ISO 8601; reminders go out before it and the workspace expires a grace period after it. */
  dueAt?: string;
  /** Fixed contracts: running time this milestone's workspace may use (its SkillPod's spec.budget). */
  computeSeconds?: number;
};

export type WorkspaceTerms = {
  /** The tenant namespace the SkillPods go into. */
  namespace: string;
  className: string;
  /** How long after the milestone's due date the SkillPod may keep running. Default 2 days. */
  graceSeconds?: number;
  /** Users who may watch sessions (usually the client). */
  viewers?: string[];
  /** SkillPod.spec.supervision.recording. Default Disabled. */
  recording?: "Disabled" | "WithConsent";
  /** The BudgetWarning comes this long before the compute budget ends. Default: the CRD's (600 s). */
  computeWarnSeconds?: number;
  /** SkillPod.spec.policy: the job's clipboard, file-transfer and egress terms. Defaults: the class's. */
  policy?: {
    clipboard?: "Both" | "ToWorkspace" | "Disabled";
    fileTransfer?: "Both" | "Disabled";
    /** IPv4 CIDR:port entries ("10.0.0.0/8:443"). */
    egress?: { allow: string[] };
  };
};

export type ContractBilling = "FIXED" | "HOURLY";

export type ContractTerms = {
  contractId: string;
  clientId: string;
  freelancerId: string;
  title: string;
  currency: Currency;
  /** Platform fee in basis points of each milestone (1000 = 10 %). */
  platformFeeBps: number;
  billing: ContractBilling;
  hourlyRateMinor?: number;
  weeklyLimitMinutes?: number;
  milestones: MilestoneTerms[];
  /** Client silence after a submission approves it automatically. Default 14 days. */
  autoApproveAfterSeconds?: number;
  /** A reminder goes to both parties this long before a milestone's due date. Default 1 day. */
  reminderBeforeSeconds?: number;
  workspace?: WorkspaceTerms;
  /** History length that triggers continue-as-new (Temporal's own suggestion also does). Default 2000. */
  maxHistoryEvents?: number;
};

export const contractDefaults = {
  autoApproveAfterSeconds: 14 * 24 * 3600,
  reminderBeforeSeconds: 24 * 3600,
  graceSeconds: 2 * 24 * 3600,
  maxHistoryEvents: 2000,
} as const;
