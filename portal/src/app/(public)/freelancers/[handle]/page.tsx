import { Card, EmptyState, Pager } from "../../../../components/ui";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { percentText, rateText, ratingText } from "../../../../components/marketplace/format";
import { availabilityLabel } from "../../../../components/marketplace/labels";
import { paramText, type SearchParams } from "../../../../components/marketplace/search-params";
import type { FreelancerProfile } from "../../../../components/marketplace/types";
import { formatDate } from "../../../../lib/dates";
import { api, dataOf } from "../../../../server/api";
import "../../../../components/marketplace/marketplace.css";

type Props = { params: Promise<{ handle: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { handle } = await params;
  const { data } = await (await api()).GET("/v1/freelancers/{handle}", { params: { path: { handle } } });
  return { title: data?.displayName ?? "Freelancer" };
}

function Record({ profile }: { profile: FreelancerProfile }): ReactElement {
  const r = profile.record;
  const facts: [string, string][] = [
    ["Hourly rate", rateText(profile.hourlyRate)],
    ["Availability", availabilityLabel(profile.availability)],
    ["Time zone", profile.timezone || "—"],
    ["Completed contracts", String(r.completedContracts)],
    ["Delivered on time", percentText(r.onTimeRate)],
    ["Reviews", ratingText(r.reviewAverage, r.reviewCount)],
  ];
  return (
    <dl className="mp-facts">
      {facts.map(([term, text]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{text}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Stars as text a screen reader says once ("4 out of 5"), drawn for the eye. */
function Stars({ rating }: { rating: number }): ReactElement {
  return (
    <span>
      <span className="mp-stars" aria-hidden="true">
        {"★".repeat(rating)}
        {"☆".repeat(Math.max(0, 5 - rating))}
      </span>
      <span className="visually-hidden">{rating} out of 5</span>
    </span>
  );
}

async function Reviews({ handle, cursor }: { handle: string; cursor?: string }): Promise<ReactElement> {
  const page = dataOf(
    await (
      await api()
    ).GET("/v1/freelancers/{handle}/reviews", {
      params: { path: { handle }, query: { cursor, limit: 10 } },
    }),
    `/freelancers/${handle}`,
  );
  if (page.items.length === 0) return <EmptyState title="No reviews yet" />;
  return (
    <>
      <ul className="mp-list">
        {page.items.map((r) => (
          <li key={r.id} className="mp-card">
            <p className="mp-meta" style={{ marginTop: 0 }}>
              <Stars rating={r.rating} />
              <span>{r.contractTitle}</span>
              <span>
                {r.author.displayName}, {formatDate(r.createdAt)}
              </span>
            </p>
            <p className="mp-cover" style={{ marginBottom: 0 }}>
              {r.body}
            </p>
          </li>
        ))}
      </ul>
      <Pager
        label="Review pages"
        firstHref={cursor ? `/freelancers/${handle}#reviews` : undefined}
        nextHref={
          page.nextCursor
            ? `/freelancers/${handle}?reviews=${encodeURIComponent(page.nextCursor)}#reviews`
            : undefined
        }
      />
    </>
  );
}

export default async function FreelancerPage(props: Props): Promise<ReactElement> {
  const { handle } = await props.params;
  const cursor = paramText((await props.searchParams).reviews, 512) || undefined;
  const profile = dataOf(
    await (await api()).GET("/v1/freelancers/{handle}", { params: { path: { handle } } }),
    `/freelancers/${handle}`,
  );
  // Only web links: a profile is written by its owner and read by everyone.
  const links = profile.portfolioLinks.filter((url) => /^https?:\/\//i.test(url));
  return (
    <article style={{ maxWidth: 960 }}>
      <h1 style={{ marginBottom: 4 }}>{profile.displayName}</h1>
      <p style={{ marginTop: 0, fontSize: "1.1rem" }}>{profile.headline}</p>
      <Card>
        <Record profile={profile} />
      </Card>
      <h2>Skills</h2>
      <ul className="mp-skills">
        {profile.skills.map((s) => (
          <li key={s.id}>
            {s.name} <span className="ui-muted">· level {s.level} of 5</span>
          </li>
        ))}
      </ul>
      <h2>About</h2>
      <p className="mp-description">{profile.bio || "No introduction yet."}</p>
      {links.length > 0 ? (
        <>
          <h2>Portfolio</h2>
          <ul>
            {links.map((url) => (
              <li key={url}>
                <a href={url} rel="nofollow noopener noreferrer" target="_blank">
                  {url}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 id="reviews">Reviews</h2>
      <Reviews handle={profile.handle} cursor={cursor} />
    </article>
  );
}
