import type { SkillPodClass } from "@skillpod/api";

/** Pool Pods carry the class's name as a label value. */
const maxLabelValue = 63;

/** Where a class keeps pools, and why fewer than it asks for (said once in the log). */
export type PoolNamespaces = { namespaces: string[]; note?: string };

/**
 * warmPool.namespaces, or the namespace the operator is scoped to (OPERATOR_WATCH_NAMESPACE) when the list
 * is empty; never a namespace the operator does not watch, since it could not see the Pods it made there.
 */
export function poolNamespaces(skillPodClass: SkillPodClass, scope: string | undefined): PoolNamespaces {
  const name = skillPodClass.metadata?.name ?? "";
  const { size = 0, namespaces: listed = [] } = skillPodClass.spec.warmPool ?? {};
  const found = listed.length > 0 ? listedIn(name, listed, scope) : unlisted(name, scope);
  // Size 0 still names the namespaces: a pool that shrank to nothing is emptied there.
  if (size === 0) return { namespaces: found.namespaces };
  if (name.length > maxLabelValue)
    return {
      namespaces: [],
      note: `Kept no warm pool for class ${name}: its name is too long for a label value`,
    };
  return found;
}

function unlisted(name: string, scope: string | undefined): PoolNamespaces {
  if (scope) return { namespaces: [scope] };
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
