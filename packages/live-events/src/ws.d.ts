// ws ships no types (and @types/ws is not installed): the part of its API (v8) that the live channel (through
// @fastify/websocket's types, which import "ws"), its tests and its benchmark use.
declare module "ws" {
  import type { ClientRequest, IncomingMessage } from "node:http";
  import type { Socket } from "node:net";

  class WebSocket {
    static readonly OPEN: 1;
    constructor(url: string, protocols?: string | string[], options?: { perMessageDeflate?: boolean });
    readonly readyState: 0 | 1 | 2 | 3;
    readonly bufferedAmount: number;
    readonly protocol: string;
    /** The TCP socket under the WebSocket (ws's private field): pausing it stops reading. */
    readonly _socket: Socket;
    send(data: string): void;
    ping(): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
    on(event: "open" | "pong", listener: () => void): this;
    on(event: "message", listener: (data: Buffer) => void): this;
    on(event: "close", listener: (code: number, reason: Buffer) => void): this;
    on(event: "error", listener: (error: Error) => void): this;
    on(
      event: "unexpected-response",
      listener: (request: ClientRequest, response: IncomingMessage) => void,
    ): this;
    once(event: "open", listener: () => void): this;
    once(event: "close", listener: (code: number, reason: Buffer) => void): this;
    once(event: "error", listener: (error: Error) => void): this;
  }
  interface ServerOptions {
    maxPayload?: number;
    perMessageDeflate?: boolean;
    /** The subprotocol to answer with, or false for none. */
    handleProtocols?: (protocols: Set<string>, request: IncomingMessage) => string | false;
  }
  class Server {
    readonly clients: Set<WebSocket>;
    close(callback?: () => void): void;
  }
  // This describes ws's own module shape (module.exports = WebSocket), not a module of ours.
  // eslint-disable-next-line no-restricted-exports
  export default WebSocket;
  export { Server, WebSocket, type ServerOptions };
}
