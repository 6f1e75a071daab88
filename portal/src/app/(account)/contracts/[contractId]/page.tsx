import { randomUUID } from "node:crypto";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { EmptyState, Notice } from "../../../../components/ui";
import { contractActions, disputeOpen } from "../../../../lib/contract-actions";
import { checkedContractId, contractOf, contractPath } from "./contract-data";
import { CancelContract } from "./cancel-contract";
import { MilestoneCard } from "./milestone-card";

export async function generateMetadata(props: {
  params: Promise<{ contractId: string }>;
}): Promise<Metadata> {
  const contract = await contractOf(checkedContractId((await props.params).contractId));
  return { title: contract.title };
}

export default async function ContractOverviewPage(props: {
  params: Promise<{ contractId: string }>;
}): Promise<ReactElement> {
  const contract = await contractOf(checkedContractId((await props.params).contractId));
  // A new key each render: after a move the page renders again, and the next move is a new request.
  const keyBase = randomUUID();
  const canCancel = contractActions(contract).includes("cancel");
  return (
    <>
      {disputeOpen(contract) ? (
        <Notice tone="warn" title="A dispute is open">
          Payouts are paused until an admin resolves it.{" "}
          <Link href={contractPath(contract.id, "dispute")}>See the dispute</Link>
        </Notice>
      ) : null}
      <h2>Milestones</h2>
      {contract.milestones.length === 0 ? (
        <EmptyState title="This contract has no milestones." />
      ) : (
        <ul className="money-list">
          {contract.milestones.map((m) => (
            <MilestoneCard key={m.id} contract={contract} milestone={m} keyBase={keyBase} />
          ))}
        </ul>
      )}
      {canCancel ? (
        <section>
          <h2>End the contract</h2>
          <p className="ui-muted">
            Cancelling refunds funded work that is not yet approved to the client&apos;s wallet.
          </p>
          <CancelContract contractId={contract.id} idempotencyKey={`${keyBase}-cancel`} />
        </section>
      ) : null}
    </>
  );
}
