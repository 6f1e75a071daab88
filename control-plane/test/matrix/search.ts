// The search capability's rows of the authorization matrix: public, for every caller.
import { everyone, get, type Entry } from "./matrix-types.js";

export const searchMatrix: Record<string, Entry> = {
  "GET /v1/search/jobs": {
    request: get("/v1/search/jobs?q=kubernetes&category=devops&billing=FIXED&limit=5"),
    expect: everyone,
  },
  "GET /v1/search/freelancers": {
    request: get("/v1/search/freelancers?q=kubernetes&limit=5"),
    expect: everyone,
  },
  "GET /v1/search/autocomplete": { request: get("/v1/search/autocomplete?q=kube"), expect: everyone },
};
