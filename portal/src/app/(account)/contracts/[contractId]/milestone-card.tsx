import Link from "next/link";
import type { ReactElement } from "react";
import { Badge, LinkButton } from "../../../../components/ui";
import { milestoneActions } from "../../../../lib/contract-actions";
import { formatDate } from "../../../../lib/dates";
import { formatMoney } from "../../../../lib/money";
import { milestoneStateOf, payoutStateOf } from "../_components/contract-words";
import { nextStepOf } from "../_components/next-step";
import { contractPath, type Contract, type Milestone } from "./contract-data";
import { MilestoneMoves } from "./milestone-moves";

function Facts({ milestone, workspaceHref }: { milestone: Milestone; workspaceHref: string }): ReactElement {
  const payout = payoutStateOf(milestone.payout.state);
  return (
    <dl className="money-facts">
      <div>
        <dt>Amount</dt>
        <dd className="money-amount">{formatMoney(milestone.amount)}</dd>
      </div>
      <div>
        <dt>Due</dt>
        <dd>{formatDate(milestone.dueAt)}</dd>
      </div>
      {milestone.submittedAt ? (
        <div>
          <dt>Submitted</dt>
          <dd>{formatDate(milestone.submittedAt)}</dd>
        </div>
      ) : null}
      {milestone.payout.state !== "none" ? (
        <div>
          <dt>Payout</dt>
          <dd>
            {payout.text}
            {milestone.payout.net ? ` (${formatMoney(milestone.payout.net)} net)` : ""}
          </dd>
        </div>
      ) : null}
      {milestone.workspace ? (
        <div>
          <dt>Workspace</dt>
          <dd>
            <Link href={workspaceHref}>{milestone.workspace.state || "Preparing"}</Link>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

/** One milestone: its money, dates and workspace, what happens next, and the viewer's moves on it. */
export function MilestoneCard(props: {
  contract: Contract;
  milestone: Milestone;
  keyBase: string;
}): ReactElement {
  const { contract, milestone } = props;
  const state = milestoneStateOf(milestone.state);
  const actions = milestoneActions(contract, milestone.state);
  const step = nextStepOf({ contract, milestone });
  return (
    <li className="ui-card">
      <div className="money-head">
        <h3>{milestone.title}</h3>
        <Badge tone={state.tone}>{state.text}</Badge>
      </div>
      <Facts milestone={milestone} workspaceHref={contractPath(contract.id, "workspace")} />
      {step ? <p className="money-step">{step}</p> : null}
      {actions.includes("resolve") ? (
        <div className="money-actions">
          <LinkButton href={contractPath(contract.id, "dispute")}>Resolve dispute</LinkButton>
        </div>
      ) : null}
      {actions.length > 0 ? (
        <MilestoneMoves
          actions={actions}
          target={{
            contractId: contract.id,
            milestoneId: milestone.id,
            title: milestone.title,
            amount: formatMoney(milestone.amount),
            keyBase: `${props.keyBase}-${milestone.id}`,
          }}
        />
      ) : null}
    </li>
  );
}
