import "server-only";
import { api } from "../../../../server/api";

type Parties = { id: string; yourPart: string; clientId: string; freelancerId: string };

// A contract carries its parties' ids only. Names come from the accepted offer it was made from (both names)
// or, for the client, from their public client profile; a contract with neither shows the part's name.
async function namesFromOffers(): Promise<Map<string, { client: string; freelancer: string }>> {
  const { data } = await (
    await api()
  ).GET("/v1/offers", { params: { query: { state: "ACCEPTED", limit: 100 } } });
  const names = new Map<string, { client: string; freelancer: string }>();
  for (const offer of data?.items ?? []) {
    if (offer.contractId)
      names.set(offer.contractId, {
        client: offer.client.displayName,
        freelancer: offer.freelancer.displayName,
      });
  }
  return names;
}

async function clientName(userId: string): Promise<string | undefined> {
  const { data } = await (await api()).GET("/v1/clients/{userId}", { params: { path: { userId } } });
  return data?.displayName;
}

export type PartyNames = { client: string; freelancer: string };

/** Both parties' names for each contract (by contract id), as far as the API tells. */
export async function partyNamesOf(contracts: Parties[]): Promise<Map<string, PartyNames>> {
  const fromOffers = await namesFromOffers();
  const clientIds = [...new Set(contracts.map((c) => c.clientId))];
  const clients = new Map(
    await Promise.all(clientIds.map(async (id) => [id, await clientName(id)] as const)),
  );
  const names = new Map<string, PartyNames>();
  for (const c of contracts) {
    const offer = fromOffers.get(c.id);
    names.set(c.id, {
      client: clients.get(c.clientId) ?? offer?.client ?? "Your client",
      freelancer: offer?.freelancer ?? "Your freelancer",
    });
  }
  return names;
}

/** The party the viewer deals with: the freelancer for the client, the client for everyone else. */
export function otherPartyOf(yourPart: string, names: PartyNames): { part: string; name: string } {
  return yourPart === "client"
    ? { part: "Freelancer", name: names.freelancer }
    : { part: "Client", name: names.client };
}
