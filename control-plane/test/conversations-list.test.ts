// The caller's conversations: newest activity first (a new message moves its conversation to the top), in
// keyset pages that neither skip nor repeat, each with its last message and the caller's unread count.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "./app-harness.js";
import { signUp, type SignedIn } from "./callers.js";
import {
  insertContract,
  said,
  talker,
  type ConversationBody,
  type Talker,
  conversationsApp,
} from "./conversations-fixtures.js";

let app: FastifyInstance;
let close: () => Promise<void>;
let client: SignedIn;
let asClient: Talker;

beforeAll(async () => {
  ({ app, close } = await conversationsApp());
  client = await signUp(app, "client");
  asClient = talker(app, client);
});
afterAll(async () => close?.());

type Page = { items: ConversationBody[]; nextCursor: string | null };

async function everyPage(talk: Talker, limit: number): Promise<ConversationBody[]> {
  const all: ConversationBody[] = [];
  let cursor: string | null = "";
  while (cursor !== null) {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
    const response = await talk.list(query);
    expect(response.statusCode, response.body).toBe(200);
    const page: Page = response.json<Page>();
    all.push(...page.items);
    cursor = page.nextCursor;
  }
  return all;
}

describe("the caller's conversations", () => {
  it("come newest activity first, in pages that neither skip nor repeat", async () => {
    const freelancers = await Promise.all([1, 2, 3, 4].map(() => signUp(app, "freelancer")));
    const ids: string[] = [];
    for (const freelancer of freelancers) {
      const contractId = await insertContract(app, client.userId, freelancer.userId);
      ids.push((await asClient.contractConversation(contractId)).json<ConversationBody>().id);
    }
    // The oldest conversation gets a message from its freelancer last: it moves to the top, one unread.
    const reply = await said(talker(app, freelancers[0]!), ids[0]!, "Back to the first one");
    const listed = await everyPage(asClient, 3);
    expect(listed.map((item) => item.id)).toEqual([ids[0], ids[3], ids[2], ids[1]]);
    expect(listed[0]).toMatchObject({ unreadCount: 1, lastMessage: { id: reply.id } });
    expect(listed.slice(1).every((item) => item.lastMessage === null && item.unreadCount === 0)).toBe(true);

    const theirs = await talker(app, freelancers[1]!).list();
    expect(theirs.json<Page>().items.map((item) => item.id)).toEqual([ids[1]]);
  });

  it("refuses a cursor it never made", async () => {
    expectProblem(await asClient.list("?cursor=bm9wZQ"), 422, "SKP_VALIDATION_FAILED");
    const farFuture = Buffer.from(JSON.stringify(["+275760-09-13T00:00:00.000Z", "x"])).toString("base64url");
    expectProblem(await asClient.list(`?cursor=${farFuture}`), 422, "SKP_VALIDATION_FAILED");
  });
});
