export { Gateway, type GatewayOptions } from "./gateway.js";
export { loadGatewayConfig, type GatewayConfig } from "./gateway-config.js";
export { gatewayCloseCodes, type SessionClose } from "./close-codes.js";
export { desktopPath, desktopProtocol } from "./desktop-route.js";
export { sessionAuditActions } from "./session-audit.js";
