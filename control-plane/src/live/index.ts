export { LiveHub, type LiveHubOptions } from "./hub.js";
export { createLiveMetrics, type LiveMetrics } from "./live-metrics.js";
export { openLiveSession, type LiveSessionDeps } from "./session.js";
export { closeCodes, type LiveSocket } from "./socket.js";
export {
  consumeLiveTicket,
  isLiveTicketValid,
  issueLiveTicket,
  liveProtocol,
  ticketOf,
  type LiveTicket,
} from "./tickets.js";
