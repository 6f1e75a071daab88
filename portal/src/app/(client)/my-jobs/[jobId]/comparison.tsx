import type { ReactElement, ReactNode } from "react";
import { LinkButton } from "../../../../components/ui";
import { availabilityLabel } from "../../../../components/marketplace/labels";
import { percentText, ratingText } from "../../../../components/marketplace/format";
import type { Comparison, Job } from "../../../../components/marketplace/types";
import { formatDate } from "../../../../lib/dates";
import { formatMoney } from "../../../../lib/money";

type Compared = Comparison["proposals"][number];
type Row = { fact: string; label: string; cell: (p: Compared, job: Job) => ReactNode };

/** Skill ids as the job names them. */
const skillNames = (ids: string[], job: Job): string =>
  ids.length ? ids.map((id) => job.skills.find((s) => s.id === id)?.name ?? id).join(", ") : "None";

const rows: Row[] = [
  { fact: "bid", label: "Bid", cell: (p) => formatMoney(p.facts.bid) },
  { fact: "milestoneCount", label: "Milestones", cell: (p) => p.facts.milestoneCount },
  { fact: "lastDueAt", label: "Last milestone due", cell: (p) => formatDate(p.facts.lastDueAt) },
  {
    fact: "durationDays",
    label: "Takes",
    cell: (p) => (p.facts.durationDays === null ? "—" : `${p.facts.durationDays} days`),
  },
  {
    fact: "freelancerRate",
    label: "Usual hourly rate",
    cell: (p) => (p.facts.freelancerRate ? formatMoney(p.facts.freelancerRate) : "—"),
  },
  {
    fact: "availability",
    label: "Availability",
    cell: (p) => (p.facts.availability ? availabilityLabel(p.facts.availability) : "—"),
  },
  {
    fact: "skillsMatched",
    label: "Has the job's skills",
    cell: (p, job) => skillNames(p.facts.skillsMatched, job),
  },
  { fact: "skillsMissing", label: "Lacks", cell: (p, job) => skillNames(p.facts.skillsMissing, job) },
  { fact: "completedContracts", label: "Completed contracts", cell: (p) => p.facts.completedContracts },
  { fact: "onTimeRate", label: "On time", cell: (p) => percentText(p.facts.onTimeRate) },
  { fact: "disputesLost", label: "Disputes lost", cell: (p) => p.facts.disputesLost },
  {
    fact: "reviewAverage",
    label: "Reviews",
    cell: (p) => ratingText(p.facts.reviewAverage, p.facts.reviewCount),
  },
  { fact: "matchScore", label: "Match with the job", cell: (p) => percentText(p.facts.matchScore) },
];

/** Two to four proposals side by side; the facts that differ are marked so the eye goes there first. */
export function ComparisonTable({ comparison, job }: { comparison: Comparison; job: Job }): ReactElement {
  const differs = new Set(comparison.differences);
  return (
    <section aria-labelledby="compare-heading" className="mp-card">
      <h2 id="compare-heading" style={{ marginTop: 0 }}>
        Side by side
      </h2>
      <p className="ui-muted">Rows marked “differs” are where these proposals are not alike.</p>
      <div className="ui-table-wrap">
        <table className="ui-table mp-compare">
          <caption className="visually-hidden">The chosen proposals compared</caption>
          <thead>
            <tr>
              <td />
              {comparison.proposals.map((p) => (
                <th key={p.id} scope="col">
                  {p.freelancer.displayName}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.fact} className={differs.has(row.fact) ? "mp-differs" : undefined}>
                <th scope="row">
                  {row.label}
                  {differs.has(row.fact) ? <span className="mp-differs-tag"> differs</span> : null}
                </th>
                {comparison.proposals.map((p) => (
                  <td key={p.id}>{row.cell(p, job)}</td>
                ))}
              </tr>
            ))}
            {job.state === "OPEN" ? (
              <tr>
                <th scope="row">Hire</th>
                {comparison.proposals.map((p) => (
                  <td key={p.id}>
                    <LinkButton href={`/my-jobs/${comparison.jobId}/offer/${p.id}`} variant="secondary">
                      Make an offer<span className="visually-hidden"> to {p.freelancer.displayName}</span>
                    </LinkButton>
                  </td>
                ))}
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
