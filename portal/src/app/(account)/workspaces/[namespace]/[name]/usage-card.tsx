import type { ReactElement } from "react";
import { BarChart, Card, Notice } from "../../../../../components/ui";
import { formatDate } from "../../../../../lib/dates";
import type { Api } from "../../../../../server/api";
import { durationText, secondsOf, usageBars } from "./usage-bars";

/** Running time per day over the last 30 days, as the workers metered it: this workspace's, and its contract's in total. */
export async function UsageCard(props: {
  client: Api;
  contractId: string;
  name: string;
}): Promise<ReactElement> {
  const { data: usage } = await props.client.GET("/v1/contracts/{contractId}/usage", {
    params: { path: { contractId: props.contractId } },
  });
  if (!usage)
    return (
      <Card title="Usage">
        <Notice>Usage is not available right now. Try again later.</Notice>
      </Card>
    );
  const mine = secondsOf(usage, props.name);
  const bars = usageBars(usage, props.name);
  return (
    <Card title="Usage">
      <p>
        This workspace ran <strong>{durationText(mine)}</strong> from {formatDate(usage.from)} to{" "}
        {formatDate(usage.to)}; the contract&apos;s workspaces ran {durationText(usage.totalSeconds)} in all.
      </p>
      <BarChart
        title="Running hours by day, last 30 days (UTC)"
        bars={bars}
        unit="h"
        format={(v) => `${v} h`}
      />
      <div className="ui-row ui-muted" style={{ justifyContent: "space-between" }} aria-hidden="true">
        <span>{bars[0]?.label}</span>
        <span>{bars.at(-1)?.label}</span>
      </div>
      <p className="ui-muted" style={{ marginTop: 8 }}>
        Metered every few minutes while the desktop runs; hourly contracts are invoiced from this time.
      </p>
    </Card>
  );
}
