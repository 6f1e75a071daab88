import { existsSync } from "node:fs";
import { connect } from "node:net";

/** Whether something accepts TCP connections on host:port right now (a desktop that finished starting). */
export function acceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * An X display number in [first, first + span) with no socket or lock file, picked at random so that tests
 * and benches starting Xvnc side by side rarely race for one.
 */
export function freeXDisplay(first: number, span: number): number {
  for (let attempt = 0; attempt < 200; attempt++) {
    const display = first + Math.floor(Math.random() * span);
    if (!existsSync(`/tmp/.X11-unix/X${display}`) && !existsSync(`/tmp/.X${display}-lock`)) return display;
  }
  throw new Error(`No free X display number in :${first}–:${first + span - 1}`);
}
