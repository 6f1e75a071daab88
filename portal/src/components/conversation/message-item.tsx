import type { ReactElement } from "react";
import { formatDateTime } from "../../lib/dates";
import { authorLabel, isDeleted } from "./message-view";
import type { Message, ThreadParties } from "./types";
import styles from "./conversation.module.css";

export function MessageItem({
  message,
  parties,
}: {
  message: Message;
  parties: ThreadParties;
}): ReactElement {
  const mine = message.authorId === parties.viewerId;
  return (
    <li className={mine ? `${styles.message} ${styles.mine}` : styles.message} data-seq={message.seq}>
      <div className={styles.meta}>
        <strong>{authorLabel(message, parties)}</strong>
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
        {message.editedAt && !isDeleted(message) ? <span>(edited)</span> : null}
      </div>
      {isDeleted(message) ? (
        <p className={styles.deleted}>This message was deleted.</p>
      ) : (
        <p className={styles.body}>{message.body}</p>
      )}
    </li>
  );
}
