// The notifications capability's rows of the authorization matrix. Every signed-in user has notifications of
// their own, and each route acts on the caller's alone: another user's notification is a missing one.
import { insertNotification } from "../notifications-fixtures.js";
import { anyUser, get, type Entry } from "./matrix-types.js";

export const notificationsMatrix: Record<string, Entry> = {
  "GET /v1/notifications": { request: get("/v1/notifications?unread=true&limit=5"), expect: anyUser },
  "GET /v1/notifications/unread-count": { request: get("/v1/notifications/unread-count"), expect: anyUser },
  "POST /v1/notifications/:notificationId/read": {
    // The object is the client's notification; each signed-in caller marks one of their own, and a stranger
    // tries the client's.
    request: async (call) => {
      const own =
        call.caller !== "stranger" && call.user !== undefined
          ? await insertNotification(call.ctx.app, call.user.userId)
          : call.params.notificationId;
      return { method: "POST", url: `/v1/notifications/${own}/read` };
    },
    expect: anyUser,
    object: {
      create: async (ctx) => ({ notificationId: await insertNotification(ctx.app, ctx.users.client.userId) }),
      stranger: { role: "client", expect: 404 },
    },
  },
  "POST /v1/notifications/read-all": {
    request: () => ({ method: "POST", url: "/v1/notifications/read-all" }),
    expect: anyUser,
  },
  "GET /v1/notifications/preferences": { request: get("/v1/notifications/preferences"), expect: anyUser },
  "PUT /v1/notifications/preferences": {
    request: () => ({
      method: "PUT",
      url: "/v1/notifications/preferences",
      payload: { preferences: [{ kind: "contract.reminder", inApp: true, email: false }] },
    }),
    expect: anyUser,
  },
};
