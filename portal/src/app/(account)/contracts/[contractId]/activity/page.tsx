import type { Metadata } from "next";
import type { ReactElement } from "react";
import { EmptyState, LinkButton } from "../../../../../components/ui";
import { formatDateTime } from "../../../../../lib/dates";
import { requireViewer } from "../../../../../server/viewer";
import {
  checkedContractId,
  contractOf,
  contractPartyNames,
  contractPath,
  timelinePage,
  type Contract,
  type TimelineItem,
} from "../contract-data";
import { nameOf, type PartyNames } from "../../_components/party-names";
import { timelineWords } from "./timeline-words";

export const metadata: Metadata = { title: "Contract activity" };

function actorOf(item: TimelineItem, contract: Contract, names: PartyNames, viewerId: string): string {
  if (item.actorId === viewerId) return "You";
  if (item.actorId === contract.clientId) return nameOf(names, "client", contract.yourPart);
  if (item.actorId === contract.freelancerId) return nameOf(names, "freelancer", contract.yourPart);
  return item.actorId ? "An admin" : "SkillPod";
}

function Entry(props: {
  item: TimelineItem;
  contract: Contract;
  names: PartyNames;
  viewerId: string;
}): ReactElement {
  const { item, contract } = props;
  const titles = new Map(contract.milestones.map((m) => [m.id, `“${m.title}”`]));
  const words = timelineWords(item, {
    milestoneTitle: (id) => (id ? (titles.get(id) ?? "a milestone") : "the contract"),
  });
  const text = words.actorMove
    ? `${actorOf(item, contract, props.names, props.viewerId)} ${words.text}`
    : words.text;
  return (
    <li className="ui-card">
      <p style={{ margin: 0 }}>
        <strong>{text}</strong>
      </p>
      <p className="ui-muted" style={{ margin: "2px 0 0" }}>
        <time dateTime={item.at}>{formatDateTime(item.at)}</time>
      </p>
      {item.note ? <p style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{item.note}</p> : null}
      {item.links.length > 0 ? (
        <ul>
          {item.links.map((link) => (
            <li key={link}>
              <a
                href={link}
                rel="noopener noreferrer nofollow"
                target="_blank"
                style={{ overflowWrap: "anywhere" }}
              >
                {link}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export default async function ContractActivityPage(props: {
  params: Promise<{ contractId: string }>;
  searchParams: Promise<{ cursor?: string }>;
}): Promise<ReactElement> {
  const contractId = checkedContractId((await props.params).contractId);
  const { cursor } = await props.searchParams;
  const viewer = await requireViewer(contractPath(contractId, "activity"));
  const [contract, names, page] = await Promise.all([
    contractOf(contractId),
    contractPartyNames(contractId),
    timelinePage(contractId, cursor, 50),
  ]);
  return (
    <>
      <h2>Activity</h2>
      {page.items.length === 0 ? (
        <EmptyState title="Nothing has happened on this contract yet.">
          <p>Funding, submissions, approvals, payouts, workspaces and messages show here, oldest first.</p>
        </EmptyState>
      ) : (
        <ol className="money-list">
          {page.items.map((item) => (
            <Entry key={item.id} item={item} contract={contract} names={names} viewerId={viewer.id} />
          ))}
        </ol>
      )}
      <div className="money-actions">
        {cursor ? (
          <LinkButton variant="secondary" href={contractPath(contractId, "activity")}>
            From the start
          </LinkButton>
        ) : null}
        {page.nextCursor ? (
          <LinkButton
            variant="secondary"
            href={`${contractPath(contractId, "activity")}?cursor=${encodeURIComponent(page.nextCursor)}`}
          >
            Later activity
          </LinkButton>
        ) : null}
      </div>
    </>
  );
}
