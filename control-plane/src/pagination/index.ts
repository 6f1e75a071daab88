export { decodeCursor, encodeCursor, pageOf, type CursorKey, type Page } from "./cursor.js";
