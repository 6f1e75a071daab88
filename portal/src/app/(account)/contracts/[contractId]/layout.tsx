import Link from "next/link";
import type { ReactElement, ReactNode } from "react";
import { LiveRefresh } from "../../../../components/live/live-provider";
import { Badge } from "../../../../components/ui";
import { formatDate } from "../../../../lib/dates";
import { formatMoney } from "../../../../lib/money";
import { contractStateOf } from "../_components/contract-words";
import { nameOf, otherPartyOf, type PartyNames } from "../_components/party-names";
import "../_components/money-pages.css";
import {
  checkedContractId,
  contractOf,
  contractPartyNames,
  contractPath,
  type Contract,
} from "./contract-data";
import { ContractTabs } from "./contract-tabs";

function billingOf(contract: Contract): string {
  if (contract.billing !== "HOURLY") return "Fixed price";
  const cap = contract.weeklyLimitMinutes ? `, up to ${contract.weeklyLimitMinutes / 60} h a week` : "";
  return `${formatMoney(contract.hourlyRate)} an hour${cap}`;
}

function Parties({ contract, names }: { contract: Contract; names: PartyNames }): ReactElement {
  if (contract.yourPart === "admin")
    return (
      <>
        <div>
          <dt>Client</dt>
          <dd>{nameOf(names, "client", contract.yourPart)}</dd>
        </div>
        <div>
          <dt>Freelancer</dt>
          <dd>{nameOf(names, "freelancer", contract.yourPart)}</dd>
        </div>
      </>
    );
  const other = otherPartyOf(contract.yourPart, names);
  return (
    <div>
      <dt>{other.part}</dt>
      <dd>{other.name}</dd>
    </div>
  );
}

/** The contract room: its title, parties and money at the top, a tab per concern below, kept live. */
export default async function ContractLayout(props: {
  params: Promise<{ contractId: string }>;
  children: ReactNode;
}): Promise<ReactElement> {
  const contractId = checkedContractId((await props.params).contractId);
  const [contract, names] = await Promise.all([contractOf(contractId), contractPartyNames(contractId)]);
  const state = contractStateOf(contract.state);
  return (
    <>
      <LiveRefresh types={["contract.changed"]} when={{ contractId }} />
      <p>
        <Link href="/contracts">← Contracts</Link>
      </p>
      <div className="money-head">
        <h1 style={{ margin: 0 }}>{contract.title}</h1>
        <Badge tone={state.tone}>{state.text}</Badge>
      </div>
      <dl className="money-facts" style={{ marginBottom: 16 }}>
        <Parties contract={contract} names={names} />
        <div>
          <dt>Total</dt>
          <dd>{formatMoney(contract.total)}</dd>
        </div>
        <div>
          <dt>Billing</dt>
          <dd>{billingOf(contract)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDate(contract.createdAt)}</dd>
        </div>
        {contract.completedAt ? (
          <div>
            <dt>Completed</dt>
            <dd>{formatDate(contract.completedAt)}</dd>
          </div>
        ) : null}
      </dl>
      <ContractTabs base={contractPath(contractId)} />
      {props.children}
    </>
  );
}
