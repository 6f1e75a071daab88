"use client";
import {
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactElement,
  type ReactNode,
} from "react";
import { useRouter } from "next/navigation";
import { LiveChannel, type LiveEvent } from "./live-channel";

const LiveContext = createContext<LiveChannel | undefined>(undefined);

/** Holds the signed-in browser's live socket for every page under it. */
export function LiveProvider({ children }: { children: ReactNode }): ReactElement {
  const [channel] = useState(() => new LiveChannel());
  useEffect(() => {
    channel.open();
    return () => channel.close();
  }, [channel]);
  return <LiveContext.Provider value={channel}>{children}</LiveContext.Provider>;
}

/** Calls `onEvent` for each live event whose type is listed (and that `when` accepts). */
export function useLiveEvents(types: string[], onEvent: (event: LiveEvent) => void): void {
  const channel = useContext(LiveContext);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = types.join(",");
  useEffect(() => {
    if (!channel) return;
    const wanted = new Set(key.split(","));
    return channel.subscribe((event) => {
      if (wanted.has(event.type)) handler.current(event);
    });
  }, [channel, key]);
}

/** Re-renders the page's server components when a listed event arrives (filtered by `when`). */
export function LiveRefresh(props: { types: string[]; when?: Record<string, string> }): null {
  const router = useRouter();
  useLiveEvents(props.types, (event) => {
    const matches = Object.entries(props.when ?? {}).every(([k, v]) => String(event.data[k]) === v);
    if (matches) router.refresh();
  });
  return null;
}
