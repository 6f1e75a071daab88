import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { ConversationThread } from "../../../../../components/conversation/conversation-thread";
import { Notice } from "../../../../../components/ui";
import { api, dataOf } from "../../../../../server/api";
import { checkedContractId, contractOf, contractPath } from "../contract-data";

export const metadata: Metadata = { title: "Contract messages" };

export default async function ContractMessagesPage(props: {
  params: Promise<{ contractId: string }>;
}): Promise<ReactElement> {
  const contractId = checkedContractId((await props.params).contractId);
  const contract = await contractOf(contractId);
  const result = await (
    await api()
  ).GET("/v1/contracts/{contractId}/conversation", { params: { path: { contractId } } });
  // An admin reading a disputed contract is no party to its conversation: the API hides it from them.
  if (result.response.status === 404 && contract.yourPart === "admin")
    return (
      <>
        <h2>Messages</h2>
        <Notice>The parties&apos; conversation is theirs: the dispute tab has what each of them said.</Notice>
      </>
    );
  const conversation = dataOf(result, contractPath(contractId, "messages"));
  return (
    <>
      <div className="money-head">
        <h2>Messages</h2>
        <Link href={`/messages/${encodeURIComponent(conversation.id)}`}>Open in Messages</Link>
      </div>
      <ConversationThread conversationId={conversation.id} />
    </>
  );
}
