// The notifications capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const notificationsMatrix: Record<string, Entry> = {};
