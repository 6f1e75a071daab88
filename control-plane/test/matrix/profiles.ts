// The profiles capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const profilesMatrix: Record<string, Entry> = {};
