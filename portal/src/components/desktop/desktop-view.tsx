"use client";
import Link from "next/link";
import { useCallback, useRef, useState, type ReactElement, type ReactNode } from "react";
import { Button } from "../ui";
import { ClipboardPanel, type ClipboardTerm } from "./clipboard-panel";
import { useFullscreen, useKeyboardRelease } from "./desktop-controls";
import { useDesktopSession, type DesktopMode, type SessionState } from "./use-desktop-session";
import styles from "./desktop.module.css";

function statusText(state: SessionState, mode: DesktopMode, released: boolean): string {
  if (state.phase === "connecting") return "Connecting…";
  if (state.phase === "ended") return "Disconnected";
  if (mode === "watch") return "Watching";
  return released ? "Keyboard released: click the desktop to type in it again" : "Connected";
}

/**
 * A workspace's desktop in the page: noVNC drawing one desktop session through the session gateway, with full
 * screen, a way to take the keyboard back, copy and paste as the workspace allows, and a plain sentence when
 * the session ends. A watcher's session is view-only here and, independently, on the gateway and the desktop.
 */
export function DesktopView(props: {
  namespace: string;
  name: string;
  mode: DesktopMode;
  clipboard: ClipboardTerm;
  backHref: string;
  children?: ReactNode;
}): ReactElement {
  const frame = useRef<HTMLDivElement>(null);
  const screen = useRef<HTMLDivElement>(null);
  const releaseButton = useRef<HTMLButtonElement>(null);
  const [attempt, setAttempt] = useState(0);
  const [copied, setCopied] = useState("");
  const [released, setReleased] = useState(false);
  const target = { namespace: props.namespace, name: props.name, mode: props.mode };
  const { state, rfb } = useDesktopSession(screen, target, attempt, setCopied);
  const { full, toggle } = useFullscreen(frame);
  const release = useKeyboardRelease(
    rfb,
    releaseButton,
    useCallback(() => setReleased(true), []),
  );
  const interactive = props.mode === "interactive";
  return (
    <div ref={frame} className={styles.frame} data-state={state.phase} data-mode={props.mode}>
      <div className={styles.bar}>
        <span role="status" className={styles.status}>
          {statusText(state, props.mode, released)}
        </span>
        {props.mode === "watch" ? (
          <strong className={styles.watch}>Watch only — you cannot type</strong>
        ) : null}
        <span className={styles.spacer} />
        {interactive && state.phase === "connected" ? (
          <button
            ref={releaseButton}
            type="button"
            className="ui-button"
            data-variant="secondary"
            onClick={release}
            title="Or press Ctrl+Alt+Shift"
          >
            Release keyboard
          </button>
        ) : null}
        <Button variant="secondary" onClick={toggle}>
          {full ? "Exit full screen" : "Full screen"}
        </Button>
      </div>
      {props.children}
      {state.phase === "ended" ? (
        <div className={styles.ended} role="alert">
          <h2>Disconnected</h2>
          <p>{state.message}</p>
          <div className="ui-row">
            {state.reconnect ? <Button onClick={() => setAttempt((n) => n + 1)}>Reconnect</Button> : null}
            <Link href={props.backHref}>Back to the workspace</Link>
          </div>
        </div>
      ) : null}
      <section aria-label="Desktop screen" className={styles.screenWrap}>
        <div
          id="desktop-screen"
          data-testid="desktop-screen"
          ref={screen}
          className={styles.screen}
          onClick={() => setReleased(false)}
          hidden={state.phase === "ended"}
        />
      </section>
      {interactive ? (
        <ClipboardPanel
          term={props.clipboard}
          fromDesktop={copied}
          onPaste={(text) => rfb.current?.clipboardPasteFrom(text)}
        />
      ) : null}
    </div>
  );
}
