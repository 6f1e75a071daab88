export {
  conversationAccess,
  participantAccess,
  type Caller,
  type ConversationAccess,
  type ConversationRow,
  type ReaderKind,
} from "./access.js";
export { editMessage, deleteMessage, type MessageChange } from "./edits.js";
export {
  AWAY_NOTICE_WINDOW_MS,
  conversationRead,
  messageCreated,
  messageUpdated,
  participantIds,
  type ConversationEffects,
} from "./fanout.js";
export { myConversations } from "./lists.js";
export { listMessages, postMessage, type MessagePage, type MessageQuery } from "./messages.js";
export { markRead, type ReadMarker } from "./read-markers.js";
export { ensureConversation, subjectConversation, type Subject } from "./subjects.js";
export { conversationViews, messageView, type ConversationView, type MessageView } from "./views.js";
