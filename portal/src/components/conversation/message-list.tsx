"use client";
import { useEffect, useLayoutEffect, useRef, useState, type ReactElement } from "react";
import { Button, EmptyState, ProblemNotice } from "../ui";
import type { Problem } from "../../api/problem";
import { markConversationRead, olderMessages } from "./actions";
import { MessageItem } from "./message-item";
import { mergeMessages, seenByOthers, seqToMarkRead } from "./message-view";
import type { Message, MessagePage, ThreadParties } from "./types";
import styles from "./conversation.module.css";

type Participant = { userId: string; lastReadSeq: number };

/** Marks the newest message read while the page is visible; the marker only ever moves forward. */
function useMarkRead(conversationId: string, messages: Message[], lastReadSeq: number): void {
  const marked = useRef(lastReadSeq);
  useEffect(() => {
    const mark = (): void => {
      const seq = seqToMarkRead(messages, marked.current);
      if (seq === undefined || document.visibilityState !== "visible") return;
      marked.current = seq;
      void markConversationRead(conversationId, seq);
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [conversationId, messages]);
}

/** Keeps the newest message in view as messages arrive, and the reader's place when older ones load above. */
function useScrollAnchor(newestSeq: number | undefined, oldestSeq: number | undefined) {
  const box = useRef<HTMLDivElement>(null);
  const before = useRef({ height: 0, top: 0, oldest: oldestSeq });
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const grewAbove = before.current.oldest !== oldestSeq;
    el.scrollTop = grewAbove ? el.scrollHeight - before.current.height + before.current.top : el.scrollHeight;
    before.current = { height: el.scrollHeight, top: el.scrollTop, oldest: oldestSeq };
  }, [newestSeq, oldestSeq]);
  return box;
}

export function MessageList(props: {
  conversationId: string;
  initial: MessagePage;
  parties: ThreadParties;
  participants: Participant[];
  lastReadSeq: number;
}): ReactElement {
  const [latest, setLatest] = useState(props.initial);
  const [kept, setKept] = useState(props.initial.items);
  const [hasOlder, setHasOlder] = useState(props.initial.hasMore);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  // A live refresh brings a new newest page: keep what was already shown (older pages included).
  if (props.initial !== latest) {
    setLatest(props.initial);
    setKept(mergeMessages(kept, props.initial.items));
  }
  useMarkRead(props.conversationId, kept, props.lastReadSeq);
  const box = useScrollAnchor(kept.at(-1)?.seq, kept[0]?.seq);

  async function loadOlder(): Promise<void> {
    const oldest = kept[0]?.seq;
    if (oldest === undefined) return;
    setLoading(true);
    const page = await olderMessages(props.conversationId, oldest);
    setLoading(false);
    if ("problem" in page) return setProblem(page.problem);
    setProblem(undefined);
    setHasOlder(page.hasMore);
    setKept((k) => mergeMessages(page.items, k));
  }

  return (
    <div ref={box} className={styles.log} role="log" aria-label="Messages" tabIndex={0}>
      {problem ? <ProblemNotice problem={problem} /> : null}
      {hasOlder ? (
        <div className={styles.older}>
          <Button variant="secondary" onClick={() => void loadOlder()} disabled={loading}>
            {loading ? "Loading…" : "Show older messages"}
          </Button>
        </div>
      ) : null}
      {kept.length === 0 ? (
        <EmptyState title="No messages yet">
          <p>Write the first one below: it reaches the other side at once.</p>
        </EmptyState>
      ) : (
        <ol className={styles.list}>
          {kept.map((m) => (
            <MessageItem key={m.id} message={m} parties={props.parties} />
          ))}
        </ol>
      )}
      {seenByOthers(kept, props.parties.viewerId, props.participants) ? (
        <p className={styles.seen}>Seen</p>
      ) : null}
    </div>
  );
}
