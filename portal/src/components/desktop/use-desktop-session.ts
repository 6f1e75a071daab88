"use client";
import { useEffect, useRef, useState, type RefObject } from "react";
import type RFB from "@novnc/novnc";
import { openDesktopSession, type DesktopTicket } from "./actions";
import { canReconnect, closeSentence, type DesktopClose } from "./close-reasons";

export type DesktopMode = "interactive" | "watch";
export type SessionState =
  { phase: "connecting" } | { phase: "connected" } | { phase: "ended"; message: string; reconnect: boolean };

type Handlers = {
  connected(): void;
  ended(close: DesktopClose | undefined, wasConnected: boolean): void;
  clipboard(text: string): void;
};

/**
 * Opens the gateway's WebSocket with the ticket as a `ticket.<t>` subprotocol beside noVNC's `binary` (so it
 * stays out of the URL and logs) and reads the close code from the socket itself: noVNC's disconnect event
 * does not carry it. With a ticket the gateway answers the desktop's VNC authentication itself.
 */
function connect(RfbClass: typeof RFB, screen: HTMLElement, session: DesktopTicket, on: Handlers): RFB {
  const url = new URL(session.url);
  url.searchParams.delete("ticket");
  const socket = new WebSocket(url, ["binary", `ticket.${session.ticket}`]);
  let close: DesktopClose | undefined;
  let wasConnected = false;
  socket.addEventListener("close", (event) => (close = { code: event.code, reason: event.reason }));
  const rfb = new RfbClass(screen, socket, { shared: true });
  rfb.scaleViewport = true;
  // The desktop keeps its own size: a watcher may not resize it, and the owner's window is not the desktop.
  rfb.resizeSession = false;
  rfb.viewOnly = session.mode === "watch";
  rfb.focusOnClick = session.mode === "interactive";
  rfb.addEventListener("connect", () => {
    wasConnected = true;
    on.connected();
    if (session.mode === "interactive") rfb.focus();
  });
  rfb.addEventListener("disconnect", () => on.ended(close, wasConnected));
  rfb.addEventListener("clipboard", (event) =>
    on.clipboard((event as CustomEvent<{ text: string }>).detail.text),
  );
  return rfb;
}

/** One desktop session per `attempt`: a new ticket, noVNC loaded in the browser only, closed on unmount. */
export function useDesktopSession(
  screen: RefObject<HTMLDivElement | null>,
  target: { namespace: string; name: string; mode: DesktopMode },
  attempt: number,
  onClipboard: (text: string) => void,
): { state: SessionState; rfb: RefObject<RFB | undefined> } {
  const [state, setState] = useState<SessionState>({ phase: "connecting" });
  const rfb = useRef<RFB | undefined>(undefined);
  const clipboard = useRef(onClipboard);
  clipboard.current = onClipboard;
  const { namespace, name, mode } = target;
  useEffect(() => {
    let live = true;
    const on: Handlers = {
      connected: () => live && setState({ phase: "connected" }),
      ended: (close, was) =>
        live &&
        setState({ phase: "ended", message: closeSentence(close, was), reconnect: canReconnect(close) }),
      clipboard: (text) => live && clipboard.current(text),
    };
    async function start(): Promise<void> {
      setState({ phase: "connecting" });
      const session = await openDesktopSession(namespace, name, mode);
      if (!live) return;
      if ("problem" in session)
        return setState({
          phase: "ended",
          message: session.problem.message,
          reconnect: session.problem.status >= 500,
        });
      const { default: RfbClass } = await import("@novnc/novnc");
      if (live && screen.current) rfb.current = connect(RfbClass, screen.current, session, on);
    }
    start().catch(() =>
      setState({ phase: "ended", message: "The desktop could not be opened.", reconnect: true }),
    );
    return () => {
      live = false;
      rfb.current?.disconnect();
      rfb.current = undefined;
    };
  }, [screen, namespace, name, mode, attempt]);
  return { state, rfb };
}
