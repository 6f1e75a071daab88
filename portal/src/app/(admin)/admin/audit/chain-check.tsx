import type { ReactElement } from "react";
import { Button, Notice } from "../../../../components/ui";
import { api, dataOf } from "../../../../server/api";
import type { AuditFilterValues } from "./audit-query";
import { chainStatusOf, type ChainStatus } from "./chain-words";

/**
 * Recomputes the chain now. The newest event is read first, so the check (which walks to the end) covers
 * at least up to it.
 */
export async function checkChain(): Promise<ChainStatus> {
  const client = await api();
  const newest = dataOf(
    await client.GET("/v1/audit/events", { params: { query: { limit: 1 } } }),
    "/admin/audit",
  );
  const check = dataOf(await client.GET("/v1/audit/verify"), "/admin/audit");
  return chainStatusOf(check, newest.items[0]);
}

/** The check's button (a GET form keeping the filters) and, once asked for, its outcome. */
export function ChainCheck(props: { values: AuditFilterValues; status?: ChainStatus }): ReactElement {
  const kept = Object.entries(props.values).filter(([, value]) => value !== "");
  return (
    <section aria-labelledby="chain-heading" className="ui-card">
      <h2 id="chain-heading">Chain verification</h2>
      <p className="ui-muted">
        Every event is linked to the one before it by a hash, and older events are summed up in signed
        checkpoints. Verifying recomputes the links from the latest checkpoint and checks every signature.
      </p>
      {props.status ? (
        <Notice tone={props.status.tone} title={props.status.title} live>
          {props.status.detail}
        </Notice>
      ) : null}
      <form method="get" action="/admin/audit">
        {kept.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="verify" value="1" />
        <Button type="submit" variant="secondary">
          {props.status ? "Verify the chain again" : "Verify the chain"}
        </Button>
      </form>
    </section>
  );
}
