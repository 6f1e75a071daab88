// The live capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const liveMatrix: Record<string, Entry> = {};
