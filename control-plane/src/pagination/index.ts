export { decodeCursor, encodeCursor, pageOf, type CursorKey, type Page } from "./cursor.js";
export { newestFirstAfter, newestFirstKey, newestFirstOrder } from "./newest-first.js";
