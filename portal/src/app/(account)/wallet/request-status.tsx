import type { ReactElement } from "react";
import { LiveRefresh } from "../../../components/live/live-provider";
import { Notice } from "../../../components/ui";
import { formatMoney } from "../../../lib/money";
import { api } from "../../../server/api";
import { RefreshWhilePending } from "./refresh-while-pending";

type Kind = "deposit" | "withdrawal";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const words: Record<Kind, Record<string, string>> = {
  deposit: {
    PENDING: "Your deposit of {amount} is being processed. This page updates when it settles.",
    SUCCEEDED: "Your deposit of {amount} has arrived in your wallet.",
    FAILED: "Your deposit of {amount} failed. Nothing was charged.",
  },
  withdrawal: {
    PENDING: "Your withdrawal of {amount} is being processed. This page updates when it settles.",
    SUCCEEDED: "Your withdrawal of {amount} has been paid out.",
    FAILED: "Your withdrawal of {amount} failed. The money stays payable in your wallet.",
  },
};

const tones = { PENDING: "info", SUCCEEDED: "ok", FAILED: "danger" } as const;

async function requestOf(kind: Kind, id: string) {
  const client = await api();
  const result =
    kind === "deposit"
      ? await client.GET("/v1/wallet/deposits/{depositId}", { params: { path: { depositId: id } } })
      : await client.GET("/v1/wallet/withdrawals/{withdrawalId}", { params: { path: { withdrawalId: id } } });
  return result.data;
}

/** Where a deposit or withdrawal the user just made stands, followed until it settles. */
export async function RequestStatus({ kind, id }: { kind: Kind; id: string }): Promise<ReactElement | null> {
  if (!uuid.test(id)) return null;
  const request = await requestOf(kind, id);
  if (!request) return <Notice tone="warn">We could not find that {kind}.</Notice>;
  const text = (words[kind][request.state] ?? request.state).replace("{amount}", formatMoney(request.amount));
  return (
    <>
      {request.state === "PENDING" ? (
        <>
          <LiveRefresh types={["wallet.changed"]} when={{ [`${kind}Id`]: id }} />
          <RefreshWhilePending />
        </>
      ) : null}
      <Notice
        tone={tones[request.state]}
        title={`${kind === "deposit" ? "Deposit" : "Withdrawal"}: ${request.state.toLowerCase()}`}
        live
      >
        {text}
        {request.failureCode ? ` (${request.failureCode})` : ""}
      </Notice>
    </>
  );
}
