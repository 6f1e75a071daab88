import type { SkillPodClass } from "@skillpod/api";

/** Where a class keeps pools, and why fewer than it asks for (said once in the log). */
export type PoolNamespaces = { namespaces: string[]; note?: string };

/**
 * warmPool.namespaces, or the namespace the operator is scoped to (OPERATOR_WATCH_NAMESPACE) when the list
 * is empty; never a namespace the operator does not watch, since it could not see the Pods it made there.
 */
export function poolNamespaces(skillPodClass: SkillPodClass, scope: string | undefined): PoolNamespaces {
  const name = skillPodClass.metadata?.name ?? "";
  const pool = skillPodClass.spec.warmPool ?? {};
  const listed = pool.namespaces ?? [];
  if (listed.length > 0) return listedIn(name, listed, scope);
  if (scope) return { namespaces: [scope] };
  if ((pool.size ?? 0) === 0) return { namespaces: [] };
  return {
    namespaces: [],
    note: `Kept no warm pool for class ${name}: it lists no namespaces and the operator watches them all`,
  };
}

function listedIn(name: string, listed: string[], scope: string | undefined): PoolNamespaces {
  if (!scope) return { namespaces: listed };
  const namespaces = listed.filter((n) => n === scope);
  if (namespaces.length === listed.length) return { namespaces };
  return {
    namespaces,
    note: `Kept class ${name}'s warm pool in ${scope} only: the operator watches no other namespace`,
  };
}
