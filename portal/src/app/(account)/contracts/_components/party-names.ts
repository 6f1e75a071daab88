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

/** The parties' names where the API tells them (see above); a missing one is said by its part. */
export type PartyNames = { client?: string; freelancer?: string };

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
    const client = clients.get(c.clientId) ?? offer?.client;
    names.set(c.id, { ...(client ? { client } : {}), ...(offer ? { freelancer: offer.freelancer } : {}) });
  }
  return names;
}

type Part = "client" | "freelancer";

/** A party's name, or their part when the API does not tell it ("Your freelancer", "The client"). */
export function nameOf(names: PartyNames | undefined, part: Part, yourPart: string): string {
  const name = names?.[part];
  if (name) return name;
  return `${yourPart === "client" || yourPart === "freelancer" ? "Your" : "The"} ${part}`;
}

/** The party the viewer deals with: the freelancer for the client, the client for everyone else. */
export function otherPartyOf(
  yourPart: string,
  names: PartyNames | undefined,
): { part: string; name: string } {
  return yourPart === "client"
    ? { part: "Freelancer", name: nameOf(names, "freelancer", yourPart) }
    : { part: "Client", name: nameOf(names, "client", yourPart) };
}
