export {
  consumeDesktopTicket,
  desktopModes,
  desktopTicketOf,
  issueDesktopTicket,
  type DesktopMode,
  type DesktopTicket,
  type DesktopTicketGrant,
} from "./session-tickets.js";
export { desktopModeFor, grantedMode } from "./session-access.js";
