import Link from "next/link";
import type { ReactElement } from "react";
import { LinkButton } from "../components/ui";
import { currentViewer, hasRole } from "../server/viewer";

function Landing(): ReactElement {
  return (
    <>
      <h1>Freelance work, done in a secure cloud desktop</h1>
      <p>
        Clients fund milestones into escrow and watch the work live; freelancers work in a desktop that opens
        in the browser and is paid when a milestone is approved.
      </p>
      <form action="/jobs" role="search" className="ui-row" style={{ maxWidth: 560 }}>
        <label htmlFor="home-q" className="visually-hidden">
          Search jobs
        </label>
        <input
          id="home-q"
          name="q"
          className="ui-input"
          placeholder="Search jobs, e.g. kubernetes"
          style={{ flex: 1 }}
        />
        <button type="submit" className="ui-button">
          Search
        </button>
      </form>
      <p className="ui-row" style={{ marginTop: 24 }}>
        <LinkButton href="/sign-up">Create an account</LinkButton>
        <LinkButton href="/freelancers" variant="secondary">
          Browse freelancers
        </LinkButton>
      </p>
    </>
  );
}

export default async function HomePage(): Promise<ReactElement> {
  const viewer = await currentViewer();
  if (!viewer) return <Landing />;
  return (
    <>
      <h1>Welcome, {viewer.displayName}</h1>
      <ul>
        {hasRole(viewer, "client") ? (
          <li>
            <Link href="/jobs/new">Post a job</Link> or review{" "}
            <Link href="/my-jobs">your jobs and their proposals</Link>
          </li>
        ) : null}
        {hasRole(viewer, "freelancer") ? (
          <li>
            See <Link href="/for-you">jobs for you</Link> or <Link href="/jobs">search all jobs</Link>
          </li>
        ) : null}
        <li>
          Your <Link href="/contracts">contracts</Link>, <Link href="/workspaces">workspaces</Link> and{" "}
          <Link href="/wallet">wallet</Link>
        </li>
      </ul>
    </>
  );
}
