import { SkpError, conflict, forbidden, notFound } from "../errors/index.js";

export const conversationNotFound = (): SkpError => notFound("Conversation");
export const messageNotFound = (): SkpError => notFound("Message");
export const contractNotFound = (): SkpError => notFound("Contract");
export const proposalNotFound = (): SkpError => notFound("Proposal");

/** An admin reading a disputed contract's conversation sees it, so a write is refused, not hidden. */
export const readOnlyReader = (): SkpError =>
  forbidden("Admins read a disputed contract's conversation; only its parties write in it");
export const authorOnly = (): SkpError => forbidden("Only the message's author may change it");

/**
 * 403, not 409: nothing about the message's state conflicts with the request; the author's right to change it
 * has run out (MESSAGE_EDIT_WINDOW_SECONDS after it was sent), and retrying will never succeed.
 */
export const editWindowClosed = (windowSeconds: number): SkpError =>
  new SkpError(
    "SKP_MESSAGE_EDIT_WINDOW_CLOSED",
    403,
    `A message can be edited or deleted only within ${windowSeconds} seconds of sending it`,
    { windowSeconds },
  );
export const messageDeleted = (): SkpError =>
  conflict("SKP_MESSAGE_DELETED", "The message was deleted and cannot be edited");
