import { randomUUID } from "node:crypto";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { Badge, EmptyState, Notice } from "../../../../../components/ui";
import { milestoneActions } from "../../../../../lib/contract-actions";
import { formatDateTime } from "../../../../../lib/dates";
import { formatMoney } from "../../../../../lib/money";
import { requireViewer } from "../../../../../server/viewer";
import {
  checkedContractId,
  contractOf,
  contractPartyNames,
  contractPath,
  wholeTimeline,
  type Contract,
} from "../contract-data";
import { nameOf, type PartyNames } from "../../_components/party-names";
import { disputesOf, resolutionWords, type Dispute } from "./disputes";
import { ResolveForm } from "./resolve-form";

export const metadata: Metadata = { title: "Contract dispute" };

function partyWithName(names: PartyNames, part: "client" | "freelancer", yourPart: string): string {
  const name = names[part];
  return name
    ? `${name} (the ${part})`
    : nameOf(names, part, yourPart).replace(/^(The|Your) /, (w) => w.toLowerCase());
}

function openerOf(actorId: string | null, contract: Contract, names: PartyNames, viewerId: string): string {
  if (actorId === viewerId) return "You";
  if (actorId === contract.clientId) return partyWithName(names, "client", contract.yourPart);
  if (actorId === contract.freelancerId) return partyWithName(names, "freelancer", contract.yourPart);
  return "Someone";
}

function Links({ links, label }: { links: string[]; label: string }): ReactElement | null {
  if (links.length === 0) return null;
  return (
    <>
      <h4>{label}</h4>
      <ul>
        {links.map((link) => (
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
    </>
  );
}

/** The resolution, or for an admin while it is open, the form to resolve it. */
function Outcome(props: {
  dispute: Dispute;
  contract: Contract;
  milestone: Contract["milestones"][number] | undefined;
  keyBase: string;
}): ReactElement | null {
  const { dispute, contract, milestone } = props;
  if (dispute.resolved)
    return (
      <Notice tone="ok" title={resolutionWords(dispute.resolved)}>
        {formatDateTime(dispute.resolved.at)}
        {dispute.resolved.note ? <p style={{ whiteSpace: "pre-wrap" }}>{dispute.resolved.note}</p> : null}
      </Notice>
    );
  if (!milestone || !milestoneActions(contract, milestone.state).includes("resolve")) return null;
  return (
    <ResolveForm
      target={{
        contractId: contract.id,
        milestoneId: milestone.id,
        title: milestone.title,
        amount: formatMoney(milestone.amount),
        keyBase: `${props.keyBase}-${milestone.id}`,
      }}
    />
  );
}

function DisputeCard(props: {
  dispute: Dispute;
  contract: Contract;
  names: PartyNames;
  viewerId: string;
  keyBase: string;
}): ReactElement {
  const { dispute, contract } = props;
  const milestone = contract.milestones.find((m) => m.id === dispute.milestoneId);
  return (
    <li className="ui-card">
      <div className="money-head">
        <h3>{milestone ? `“${milestone.title}”` : "A milestone"}</h3>
        <Badge tone={dispute.resolved ? "ok" : "danger"}>{dispute.resolved ? "Resolved" : "Open"}</Badge>
      </div>
      <p className="ui-muted">
        Opened by {openerOf(dispute.opened.actorId, contract, props.names, props.viewerId)} on{" "}
        {formatDateTime(dispute.opened.at)}
        {milestone ? ` · ${formatMoney(milestone.amount)} in question` : ""}
      </p>
      <h4>Reason</h4>
      <p style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {dispute.opened.note || "No reason given."}
      </p>
      <Links links={dispute.opened.links} label="Evidence" />
      <Outcome dispute={dispute} contract={contract} milestone={milestone} keyBase={props.keyBase} />
    </li>
  );
}

export default async function ContractDisputePage(props: {
  params: Promise<{ contractId: string }>;
}): Promise<ReactElement> {
  const contractId = checkedContractId((await props.params).contractId);
  const viewer = await requireViewer(contractPath(contractId, "dispute"));
  const [contract, names, timeline] = await Promise.all([
    contractOf(contractId),
    contractPartyNames(contractId),
    wholeTimeline(contractId),
  ]);
  const disputes = disputesOf(timeline).reverse();
  const keyBase = randomUUID();
  return (
    <>
      <h2>Dispute</h2>
      <p className="ui-muted">
        While a dispute is open, payouts on this contract pause and the milestone&apos;s workspace freezes. An
        admin reads both sides and resolves it: the milestone is paid to the freelancer or refunded to the
        client.
      </p>
      {disputes.length === 0 ? (
        <EmptyState title="No dispute on this contract.">
          {contract.yourPart === "admin" ? null : (
            <p>
              If something went wrong with a milestone, use “Open a dispute” on it in the{" "}
              <Link href={contractPath(contractId)}>overview</Link>. Talking it over in{" "}
              <Link href={contractPath(contractId, "messages")}>messages</Link> first often settles it.
            </p>
          )}
        </EmptyState>
      ) : (
        <ul className="money-list">
          {disputes.map((d) => (
            <DisputeCard
              key={d.opened.id}
              dispute={d}
              contract={contract}
              names={names}
              viewerId={viewer.id}
              keyBase={keyBase}
            />
          ))}
        </ul>
      )}
    </>
  );
}
