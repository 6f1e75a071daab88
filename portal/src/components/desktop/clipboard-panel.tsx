"use client";
import { useState, type ReactElement } from "react";
import { Button } from "../ui";
import styles from "./desktop.module.css";

export type ClipboardTerm = "Both" | "ToWorkspace" | "Disabled";

/**
 * Copy and paste across the browser and the desktop, as the workspace's clipboard term allows: pasting into
 * the desktop with ToWorkspace or Both, text copied in the desktop shown here only with Both.
 */
export function ClipboardPanel(props: {
  term: ClipboardTerm;
  fromDesktop: string;
  onPaste: (text: string) => void;
}): ReactElement {
  const [text, setText] = useState("");
  const [note, setNote] = useState("");
  if (props.term === "Disabled")
    return (
      <p className={styles.note}>Copy and paste between this computer and the workspace are turned off.</p>
    );
  const copy = (): void =>
    void navigator.clipboard
      .writeText(props.fromDesktop)
      .then(() => setNote("Copied to this computer."))
      .catch(() => setNote("The browser refused: select the text and copy it yourself."));
  return (
    <details className={styles.clipboard}>
      <summary>Clipboard</summary>
      <div className={styles.clipboardBody}>
        <div className="ui-field">
          <label htmlFor="desktop-paste">Text to paste into the desktop</label>
          <textarea
            id="desktop-paste"
            className="ui-textarea"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={3}
          />
          <div>
            <Button
              variant="secondary"
              onClick={() => (props.onPaste(text), setNote("Sent: paste it in the desktop."))}
            >
              Send to the desktop
            </Button>
          </div>
        </div>
        {props.term === "Both" ? (
          <div className="ui-field">
            <label htmlFor="desktop-copied">Last text copied in the desktop</label>
            <textarea
              id="desktop-copied"
              className="ui-textarea"
              value={props.fromDesktop}
              readOnly
              rows={3}
            />
            <div>
              <Button variant="secondary" onClick={copy} disabled={!props.fromDesktop}>
                Copy to this computer
              </Button>
            </div>
          </div>
        ) : (
          <p className={styles.note}>Text copied in the desktop stays there (this workspace&apos;s term).</p>
        )}
        <p className={styles.note} role="status">
          {note}
        </p>
      </div>
    </details>
  );
}
