import type { ReactElement } from "react";
import { bandText } from "../../../components/marketplace/format";
import { AppliedFilters, FacetGroup, type FacetOption } from "../../../components/marketplace/facet-group";
import { billingLabel, categoryLabel } from "../../../components/marketplace/labels";
import { toggled } from "../../../components/marketplace/search-params";
import type { Billing, Category, JobSearchResult } from "../../../components/marketplace/types";
import { jobSearchHref, type JobFilters } from "./job-filters";

type Facets = JobSearchResult["facets"];

const postedLabels: Record<string, string> = {
  "1d": "Last 24 hours",
  "3d": "Last 3 days",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};
const historyLabels: Record<string, string> = { hired: "Has hired before", new: "No hires yet" };

function categoryOptions(f: JobFilters, facets: Facets): FacetOption[] {
  return facets.category.map((v) => ({
    key: v.value,
    label: categoryLabel(v.value),
    count: v.count,
    selected: f.category.includes(v.value as Category),
    href: jobSearchHref(f, { category: toggled(f.category, v.value as Category) }),
  }));
}

function skillOptions(f: JobFilters, facets: Facets): FacetOption[] {
  const counted = facets.skills.map((v) => ({
    key: v.value,
    label: v.label ?? v.value,
    count: v.count,
    selected: f.skills.includes(v.value),
    href: jobSearchHref(f, { skills: toggled(f.skills, v.value) }),
  }));
  // A skill chosen from the suggestions may be outside the top skills the API counts.
  const others = f.skills
    .filter((s) => !facets.skills.some((v) => v.value === s))
    .map((s) => ({
      key: s,
      label: s,
      selected: true,
      href: jobSearchHref(f, { skills: toggled(f.skills, s) }),
    }));
  return [...others, ...counted];
}

function billingOptions(f: JobFilters, facets: Facets): FacetOption[] {
  return facets.billing.map((v) => ({
    key: v.value,
    label: billingLabel(v.value),
    count: v.count,
    selected: f.billing.includes(v.value as Billing),
    href: jobSearchHref(f, { billing: toggled(f.billing, v.value as Billing) }),
  }));
}

function budgetOptions(f: JobFilters, facets: Facets): FacetOption[] {
  return facets.budget.map((v) => {
    const max = v.maxMinor ?? undefined;
    const selected = f.budgetMin === v.minMinor && f.budgetMax === max;
    return {
      key: v.value,
      label: bandText(v.minMinor, v.maxMinor),
      count: v.count,
      selected,
      href: jobSearchHref(
        f,
        selected ? { budgetMin: undefined, budgetMax: undefined } : { budgetMin: v.minMinor, budgetMax: max },
      ),
    };
  });
}

function oneOfOptions(
  f: JobFilters,
  values: Facets["postedWithin"],
  key: "postedWithin" | "clientHistory",
  labels: Record<string, string>,
): FacetOption[] {
  return values.map((v) => ({
    key: v.value,
    label: labels[v.value] ?? v.value,
    count: v.count,
    selected: f[key] === v.value,
    href: jobSearchHref(f, { [key]: f[key] === v.value ? undefined : v.value }),
  }));
}

/** The facets the API counted for this search; each value is a link that adds or removes it. */
export function JobFacets({ filters: f, facets }: { filters: JobFilters; facets: Facets }): ReactElement {
  return (
    <>
      <FacetGroup title="Category" options={categoryOptions(f, facets)} />
      <FacetGroup title="Skills" options={skillOptions(f, facets)} />
      <FacetGroup title="Pricing" options={billingOptions(f, facets)} />
      <FacetGroup title="Budget" options={budgetOptions(f, facets)} />
      <FacetGroup
        title="Posted"
        options={oneOfOptions(f, facets.postedWithin, "postedWithin", postedLabels)}
      />
      <FacetGroup
        title="Client"
        options={oneOfOptions(f, facets.clientHistory, "clientHistory", historyLabels)}
      />
    </>
  );
}

/** The applied filters as removable chips, named as the facets name them. */
export function AppliedJobFilters({
  filters: f,
  facets,
}: {
  filters: JobFilters;
  facets: Facets;
}): ReactElement | null {
  const skillName = (id: string): string => facets.skills.find((s) => s.value === id)?.label ?? id;
  const chips = [
    ...f.category.map((c) => ({
      key: `c-${c}`,
      label: categoryLabel(c),
      removeHref: jobSearchHref(f, { category: toggled(f.category, c) }),
    })),
    ...f.skills.map((s) => ({
      key: `s-${s}`,
      label: skillName(s),
      removeHref: jobSearchHref(f, { skills: toggled(f.skills, s) }),
    })),
    ...f.billing.map((b) => ({
      key: `b-${b}`,
      label: billingLabel(b),
      removeHref: jobSearchHref(f, { billing: toggled(f.billing, b) }),
    })),
    ...(f.budgetMin !== undefined || f.budgetMax !== undefined
      ? [
          {
            key: "budget",
            label: `Budget ${bandText(f.budgetMin, f.budgetMax)}`,
            removeHref: jobSearchHref(f, { budgetMin: undefined, budgetMax: undefined }),
          },
        ]
      : []),
    ...(f.postedWithin
      ? [
          {
            key: "posted",
            label: postedLabels[f.postedWithin] ?? f.postedWithin,
            removeHref: jobSearchHref(f, { postedWithin: undefined }),
          },
        ]
      : []),
    ...(f.clientHistory
      ? [
          {
            key: "history",
            label: historyLabels[f.clientHistory] ?? f.clientHistory,
            removeHref: jobSearchHref(f, { clientHistory: undefined }),
          },
        ]
      : []),
  ];
  return (
    <AppliedFilters
      filters={chips}
      clearHref={jobSearchHref({ q: f.q, category: [], skills: [], billing: [], page: 1 })}
    />
  );
}
