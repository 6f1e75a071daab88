import "server-only";
import type { Api } from "../../server/api";
import type { Conversation, ThreadParties } from "./types";

type Names = Record<string, string>;

async function clientName(client: Api, userId: string): Promise<string | undefined> {
  const { data } = await client.GET("/v1/clients/{userId}", { params: { path: { userId } } });
  return data?.displayName;
}

/** A contract's parties by name: its offer names both; without one, the client's public profile does. */
async function contractParties(client: Api, contractId: string): Promise<Omit<ThreadParties, "viewerId">> {
  const { data: contract } = await client.GET("/v1/contracts/{contractId}", {
    params: { path: { contractId } },
  });
  const href = `/contracts/${encodeURIComponent(contractId)}`;
  if (!contract) return { title: "Contract conversation", href, names: {} };
  const names: Names = { [contract.clientId]: "Client", [contract.freelancerId]: "Freelancer" };
  const offer = contract.offerId
    ? (await client.GET("/v1/offers/{offerId}", { params: { path: { offerId: contract.offerId } } })).data
    : undefined;
  if (offer) {
    names[offer.client.userId] = offer.client.displayName;
    names[offer.freelancer.userId] = offer.freelancer.displayName;
  } else {
    names[contract.clientId] = (await clientName(client, contract.clientId)) ?? "Client";
  }
  return { title: contract.title, href, names };
}

async function proposalParties(
  client: Api,
  proposalId: string,
  conversation: Conversation,
  viewerId: string,
): Promise<Omit<ThreadParties, "viewerId">> {
  const { data: proposal } = await client.GET("/v1/proposals/{proposalId}", {
    params: { path: { proposalId } },
  });
  if (!proposal) return { title: "Proposal conversation", href: undefined, names: {} };
  const names: Names = { [proposal.freelancer.userId]: proposal.freelancer.displayName };
  const clientId = conversation.participants.find((p) => p.userId !== proposal.freelancer.userId)?.userId;
  if (clientId) names[clientId] = (await clientName(client, clientId)) ?? "Client";
  const mine = proposal.freelancer.userId === viewerId;
  const href = mine ? `/proposals/${proposalId}` : `/my-jobs/${proposal.job.id}`;
  return { title: `Proposal for “${proposal.job.title}”`, href, names };
}

/** The thread's heading, where it links, and the participants' names. */
export async function threadPartiesOf(
  client: Api,
  conversation: Conversation,
  viewerId: string,
): Promise<ThreadParties> {
  const subject = conversation.subject;
  const parties =
    "contractId" in subject
      ? await contractParties(client, subject.contractId)
      : await proposalParties(client, subject.proposalId, conversation, viewerId);
  return { ...parties, viewerId };
}
