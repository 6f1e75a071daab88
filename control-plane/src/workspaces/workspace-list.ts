// GET /v1/workspaces: the SkillPods the caller owns or may watch. SkillPods carry their contract as a label,
// so the caller's contracts (two indexed columns) select them in the cluster; the mode is then decided from
// the same rule desktopModeFor applies, with the contract states already at hand (no query per SkillPod).
import { labels, type SkillPod } from "@skillpod/api";
import type { DesktopMode } from "../desktop-sessions/index.js";
import { decodeCursor, encodeCursor, type Page } from "../pagination/index.js";
import { validationFailed } from "../errors/index.js";
import { frozenMilestones } from "./freeze.js";
import { skillPodsOfContracts } from "./skillpod-store.js";
import type { WorkspaceDeps } from "./workspace-access.js";
import { workspaceView, type WorkspaceView } from "./workspace-view.js";

type MyContract = { id: string; active: boolean };

const myContractsSql = `
SELECT id, state = 'active' AS active FROM contracts WHERE client_id = $1
UNION
SELECT id, state = 'active' AS active FROM contracts WHERE freelancer_id = $1`;

/** A label value: at most 63 characters, alphanumeric at both ends. No SkillPod can carry another. */
const labelValue = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

/** The caller's mode on a SkillPod of one of their contracts, by desktopModeFor's rule. */
export function listedMode(
  skillPod: SkillPod,
  userId: string,
  activeContracts: ReadonlySet<string>,
): DesktopMode | undefined {
  if (skillPod.spec.owner.userId === userId) return "interactive";
  const viewer = skillPod.spec.supervision?.viewers?.includes(userId) ?? false;
  const contractId = skillPod.spec.contract?.id;
  return viewer && contractId !== undefined && activeContracts.has(contractId) ? "watch" : undefined;
}

const keyOf = (skillPod: SkillPod): [string, string] => [
  skillPod.metadata.namespace ?? "",
  skillPod.metadata.name ?? "",
];

const compareKeys = (a: [string, string], b: [string, string]): number =>
  a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1;

function afterCursor(cursor: string | undefined): [string, string] | undefined {
  if (!cursor) return undefined;
  const [namespace, name] = decodeCursor(cursor, 2);
  if (typeof namespace !== "string" || typeof name !== "string")
    throw validationFailed([{ field: "cursor", message: "is not a cursor this API returned" }]);
  return [namespace, name];
}

type Listed = { skillPod: SkillPod; mode: DesktopMode };

/** The caller's SkillPods in (namespace, name) order, after the cursor. */
async function visibleSkillPods(deps: WorkspaceDeps, userId: string): Promise<Listed[]> {
  const contracts = (await deps.pg.query<MyContract>(myContractsSql, [userId])).rows;
  const ids = contracts.map((c) => c.id).filter((id) => labelValue.test(id));
  const active = new Set(contracts.filter((c) => c.active).map((c) => c.id));
  const found = await skillPodsOfContracts(deps.custom, ids);
  const listed: Listed[] = [];
  for (const skillPod of found) {
    // The label selected it; the spec decides (a label edited by hand must not hand out a desktop).
    if (skillPod.spec.contract?.id !== skillPod.metadata.labels?.[labels.contract]) continue;
    const mode = listedMode(skillPod, userId, active);
    if (mode !== undefined) listed.push({ skillPod, mode });
  }
  return listed.sort((a, b) => compareKeys(keyOf(a.skillPod), keyOf(b.skillPod)));
}

export async function myWorkspaces(
  deps: WorkspaceDeps,
  userId: string,
  page: { cursor?: string; limit: number },
): Promise<Page<WorkspaceView>> {
  const after = afterCursor(page.cursor);
  const all = await visibleSkillPods(deps, userId);
  const rest = after === undefined ? all : all.filter((l) => compareKeys(keyOf(l.skillPod), after) > 0);
  const items = rest.slice(0, page.limit);
  const milestones = items.flatMap((l) => l.skillPod.spec.contract?.milestoneId ?? []);
  const frozen = await frozenMilestones(deps.pg, milestones);
  const last = items.at(-1);
  return {
    items: items.map((l) =>
      workspaceView(l.skillPod, l.mode, frozen.has(l.skillPod.spec.contract?.milestoneId ?? "")),
    ),
    nextCursor: rest.length > page.limit && last ? encodeCursor(keyOf(last.skillPod)) : null,
  };
}
