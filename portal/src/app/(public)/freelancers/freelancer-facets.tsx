import type { ReactElement } from "react";
import { bandText } from "../../../components/marketplace/format";
import { AppliedFilters, FacetGroup, type FacetOption } from "../../../components/marketplace/facet-group";
import { availabilityLabel } from "../../../components/marketplace/labels";
import { toggled } from "../../../components/marketplace/search-params";
import type { FreelancerSearchResult } from "../../../components/marketplace/types";
import { freelancerSearchHref, type FreelancerFilters } from "./freelancer-filters";

type Facets = FreelancerSearchResult["facets"];
type Availability = FreelancerFilters["availability"][number];

function skillOptions(f: FreelancerFilters, facets: Facets): FacetOption[] {
  return facets.skills.map((v) => ({
    key: v.value,
    label: v.label ?? v.value,
    count: v.count,
    selected: f.skills.includes(v.value),
    href: freelancerSearchHref(f, { skills: toggled(f.skills, v.value) }),
  }));
}

function availabilityOptions(f: FreelancerFilters, facets: Facets): FacetOption[] {
  return facets.availability.map((v) => ({
    key: v.value,
    label: availabilityLabel(v.value),
    count: v.count,
    selected: f.availability.includes(v.value as Availability),
    href: freelancerSearchHref(f, { availability: toggled(f.availability, v.value as Availability) }),
  }));
}

function rateOptions(f: FreelancerFilters, facets: Facets): FacetOption[] {
  return facets.rate.map((v) => {
    const max = v.maxMinor ?? undefined;
    const selected = f.rateMin === v.minMinor && f.rateMax === max;
    return {
      key: v.value,
      label: `${bandText(v.minMinor, v.maxMinor)} an hour`,
      count: v.count,
      selected,
      href: freelancerSearchHref(
        f,
        selected ? { rateMin: undefined, rateMax: undefined } : { rateMin: v.minMinor, rateMax: max },
      ),
    };
  });
}

export function FreelancerFacets({
  filters,
  facets,
}: {
  filters: FreelancerFilters;
  facets: Facets;
}): ReactElement {
  return (
    <>
      <FacetGroup title="Skills" options={skillOptions(filters, facets)} />
      <FacetGroup title="Availability" options={availabilityOptions(filters, facets)} />
      <FacetGroup title="Hourly rate" options={rateOptions(filters, facets)} />
    </>
  );
}

export function AppliedFreelancerFilters(props: {
  filters: FreelancerFilters;
  facets: Facets;
}): ReactElement | null {
  const f = props.filters;
  const skillName = (id: string): string => props.facets.skills.find((s) => s.value === id)?.label ?? id;
  const rate =
    f.rateMin !== undefined || f.rateMax !== undefined
      ? [
          {
            key: "rate",
            label: `${bandText(f.rateMin, f.rateMax)} an hour`,
            removeHref: freelancerSearchHref(f, { rateMin: undefined, rateMax: undefined }),
          },
        ]
      : [];
  const chips = [
    ...f.skills.map((s) => ({
      key: `s-${s}`,
      label: skillName(s),
      removeHref: freelancerSearchHref(f, { skills: toggled(f.skills, s) }),
    })),
    ...f.availability.map((a) => ({
      key: `a-${a}`,
      label: availabilityLabel(a),
      removeHref: freelancerSearchHref(f, { availability: toggled(f.availability, a) }),
    })),
    ...rate,
  ];
  return (
    <AppliedFilters
      filters={chips}
      clearHref={freelancerSearchHref({ q: f.q, skills: [], availability: [], page: 1 })}
    />
  );
}
