import type { WebSocket } from "ws";

/** A server-side `ws` socket (typed by packages/live-events/src/ws.d.ts until @types/ws is installed). */
export type LiveSocket = WebSocket;

export const socketOpen = 1;

/** Close codes: 1001 going away (shutdown), 4008 slow consumer (reconnect with the last cursor). */
export const closeCodes = { goingAway: 1001, slowConsumer: 4008 } as const;
