import type { ControlPlaneConfig } from "../../config.js";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  readPreferences,
  unreadCount,
  writePreferences,
} from "../../notifications/index.js";
import {
  notificationIdParams,
  notificationListQuery,
  notificationPageSchema,
  notificationSchema,
  preferencesBody,
  preferencesSchema,
  readAllSchema,
  unreadCountSchema,
} from "./notification-schemas.js";
import { limitOf } from "./proposal-schemas.js";
import { type TypedApp, bearer, callerId, errors, signedIn } from "./typed-app.js";

// Every signed-in user has notifications of their own; each route acts on the caller's alone.
const tags = ["notifications"];

function inboxRoutes(app: TypedApp): void {
  app.get(
    "/v1/notifications",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "My notifications, newest first",
        security: bearer,
        querystring: notificationListQuery,
        response: { 200: notificationPageSchema, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) =>
      listNotifications(app.prisma, callerId(request), {
        ...request.query,
        limit: limitOf(request.query.limit, 100),
      }),
  );

  app.get(
    "/v1/notifications/unread-count",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "How many of my notifications are unread",
        security: bearer,
        response: { 200: unreadCountSchema, ...errors(401, 403) },
      },
    },
    async (request) => ({ unread: await unreadCount(app.prisma, callerId(request)) }),
  );

  app.post(
    "/v1/notifications/:notificationId/read",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "Mark one of my notifications read (again is fine: the first time is kept)",
        security: bearer,
        params: notificationIdParams,
        response: { 200: notificationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => markNotificationRead(app.prisma, callerId(request), request.params.notificationId),
  );

  app.post(
    "/v1/notifications/read-all",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "Mark all my notifications read",
        security: bearer,
        response: { 200: readAllSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const userId = callerId(request);
      const markedRead = await markAllNotificationsRead(app.prisma, userId);
      request.log.info({ userId, markedRead }, `Marked ${markedRead} notifications of user ${userId} read`);
      return { markedRead };
    },
  );
}

function preferenceRoutes(app: TypedApp): void {
  app.get(
    "/v1/notifications/preferences",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: 'Per notification kind, whether it reaches me in the app and by email (and my "*" row)',
        security: bearer,
        response: { 200: preferencesSchema, ...errors(401, 403) },
      },
    },
    async (request) => ({ preferences: await readPreferences(app.prisma, callerId(request)) }),
  );

  app.put(
    "/v1/notifications/preferences",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: 'Set the channels of some kinds ("*" for every kind without its own); the rest keep theirs',
        security: bearer,
        body: preferencesBody,
        response: { 200: preferencesSchema, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const userId = callerId(request);
      const preferences = await writePreferences(app.prisma, userId, request.body.preferences);
      request.log.info({ userId }, `Updated notification preferences of user ${userId}`);
      return { preferences };
    },
  );
}

export async function notificationsRoutes(app: TypedApp, config: ControlPlaneConfig): Promise<void> {
  void config;
  inboxRoutes(app);
  preferenceRoutes(app);
  return Promise.resolve();
}
