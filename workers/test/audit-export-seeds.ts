// The events the audit-exports test writes: chosen for the export format's edge cases.
export type Seed = {
  actorType: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: string;
  details: Record<string, unknown>;
};

// Chosen for the format's edge cases: commas, quotes, CR/LF inside cells, formula-like text, nulls, non-ASCII.
export const seeds: Seed[] = [
  {
    actorType: "user",
    action: "contract.created",
    targetType: "contracts",
    targetId: "c_1",
    requestId: "r-1",
    ip: "127.0.0.1",
    outcome: "success",
    details: { amount: 1250 },
  },
  {
    actorType: "user",
    action: 'note, "quoted"',
    targetType: "contracts",
    targetId: null,
    requestId: "r-2",
    ip: "127.0.0.1",
    outcome: "success",
    details: { text: 'x,"y"\nz' },
  },
  {
    actorType: "service",
    action: "milestone.submitted",
    targetType: "milestones",
    targetId: "line1\nline2",
    requestId: "r\r\n3",
    ip: null,
    outcome: "denied",
    details: {},
  },
  {
    actorType: "user",
    action: "=SUM(A1:A2)",
    targetType: null,
    targetId: null,
    requestId: null,
    ip: null,
    outcome: "failure",
    details: { reason: "@cmd" },
  },
  {
    actorType: "workflow",
    action: "contract.approved",
    targetType: "contracts",
    targetId: "é—✓",
    requestId: "r-5",
    ip: "::1",
    outcome: "success",
    details: { nested: { a: "s", b: [1, null, true] } },
  },
];
