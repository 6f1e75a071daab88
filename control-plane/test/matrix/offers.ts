// The offers capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const offersMatrix: Record<string, Entry> = {};
