import { Type, type Static } from "typebox";
import { validationFailed } from "../errors/index.js";

// A job's workspace terms: what the SkillPod of a contract hired from it will be. Same words and values as
// SkillPod.spec (crds/skillpod.dev_skillpods.yaml) so the terms travel job → offer → contract →
// ProvisioningWorkflow → spec unchanged: className → spec.className, egress.allow → spec.policy.egress.allow,
// clipboard / fileTransfer → spec.policy.*, supervision.recording → spec.supervision.recording, and
// supervision.viewersAllowed decides whether the client goes into spec.supervision.viewers.

/** A SkillPodClass name: a DNS-1123 subdomain, as Kubernetes names cluster-scoped objects. */
const className = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
  description: "SkillPodClass name (DNS-1123 subdomain)",
});

/**
 * One egress destination as the CRD takes it: IPv4 CIDR and TCP port ("10.0.0.0/8:443"). The CRD (and the
 * NetworkPolicy the operator writes) have no host names, so a host name here could never be provisioned.
 */
const egressEntry = Type.String({
  maxLength: 24,
  pattern: "^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}:[0-9]{1,5}$",
  description: "IPv4 CIDR and port, e.g. 10.0.0.0/8:443",
});

const recording = Type.Enum(["Disabled", "WithConsent"]);
const clipboard = Type.Enum(["Both", "ToWorkspace", "Disabled"]);
const fileTransfer = Type.Enum(["Both", "Disabled"]);

export const workspaceTermsSchema = Type.Object(
  {
    className,
    egress: Type.Object(
      { allow: Type.Array(egressEntry, { maxItems: 64 }) },
      { additionalProperties: false },
    ),
    supervision: Type.Object(
      { viewersAllowed: Type.Boolean({ description: "The client may watch (watch-only)" }), recording },
      { additionalProperties: false },
    ),
    clipboard,
    fileTransfer,
  },
  { additionalProperties: false, description: "What the contract's SkillPod will be (SkillPod.spec terms)" },
);

export type WorkspaceTerms = Static<typeof workspaceTermsSchema>;

/** The same terms with every part optional: what a client sends; defaults (or the current terms) fill in. */
export const workspaceTermsInputSchema = Type.Object(
  {
    className: Type.Optional(className),
    egress: Type.Optional(
      Type.Object(
        { allow: Type.Optional(Type.Array(egressEntry, { maxItems: 64 })) },
        { additionalProperties: false },
      ),
    ),
    supervision: Type.Optional(
      Type.Object(
        { viewersAllowed: Type.Optional(Type.Boolean()), recording: Type.Optional(recording) },
        { additionalProperties: false },
      ),
    ),
    clipboard: Type.Optional(clipboard),
    fileTransfer: Type.Optional(fileTransfer),
  },
  { additionalProperties: false },
);

export type WorkspaceTermsInput = Static<typeof workspaceTermsInputSchema>;

export const defaultWorkspaceTerms: WorkspaceTerms = {
  className: "standard-desktop",
  egress: { allow: [] },
  supervision: { viewersAllowed: true, recording: "Disabled" },
  clipboard: "Both",
  fileTransfer: "Both",
};

type Egress = { octets: number[]; prefix: number; port: number; address: string };

function parseEgress(entry: string): Egress {
  const [cidr = "", port = ""] = entry.split(":");
  const [address = "", prefix = ""] = cidr.split("/");
  return { octets: address.split(".").map(Number), prefix: Number(prefix), port: Number(port), address };
}

const hostBitsSet = ({ octets, prefix }: Egress): boolean =>
  octets.reduce((acc, octet) => acc * 256 + octet, 0) % 2 ** (32 - prefix) !== 0;

/** What the pattern cannot check, in order; the first broken rule is the problem. */
const egressRules: [(egress: Egress) => boolean, (egress: Egress) => string][] = [
  [(e) => e.octets.some((octet) => octet > 255), () => "has an address octet over 255"],
  [(e) => e.prefix > 32, () => "has a prefix length over 32"],
  [(e) => e.port < 1 || e.port > 65535, () => "has a port outside 1-65535"],
  // The cloud metadata range is never reachable from a SkillPod (the CRD refuses it too).
  [(e) => e.address.startsWith("169.254."), () => "is in 169.254.0.0/16 (link-local, cloud metadata)"],
  [hostBitsSet, (e) => `has host bits set for a /${e.prefix}`],
];

/** Why an egress entry the pattern let through is still wrong, or undefined when it is right. */
export function egressEntryProblem(entry: string): string | undefined {
  const egress = parseEgress(entry);
  const broken = egressRules.find(([breaks]) => breaks(egress));
  return broken?.[1](egress);
}

/**
 * Complete terms from what a client sent, on top of `base` (the defaults for a new job, the current terms
 * for an edit). Egress entries are checked beyond their pattern; a bad one is a 422 naming it.
 */
export function workspaceTermsOf(
  input: WorkspaceTermsInput | undefined,
  base: WorkspaceTerms = defaultWorkspaceTerms,
  field = "workspaceTerms",
): WorkspaceTerms {
  const { egress, supervision, ...scalars } = input ?? {};
  const allow = egress?.allow ?? base.egress.allow;
  const problems = allow.flatMap((entry, i) => {
    const problem = egressEntryProblem(entry);
    return problem ? [{ field: `${field}.egress.allow.${i}`, message: problem }] : [];
  });
  if (problems.length > 0) throw validationFailed(problems);
  return {
    ...base,
    ...scalars,
    egress: { allow: [...new Set(allow)] },
    supervision: { ...base.supervision, ...supervision },
  };
}

/** Terms as stored (jsonb), read defensively: anything missing or unknown falls back to the defaults. */
export function storedWorkspaceTerms(stored: unknown): WorkspaceTerms {
  const value = (stored ?? {}) as Partial<WorkspaceTerms>;
  return {
    className: value.className ?? defaultWorkspaceTerms.className,
    egress: { allow: value.egress?.allow ?? [] },
    supervision: { ...defaultWorkspaceTerms.supervision, ...value.supervision },
    clipboard: value.clipboard ?? defaultWorkspaceTerms.clipboard,
    fileTransfer: value.fileTransfer ?? defaultWorkspaceTerms.fileTransfer,
  };
}
