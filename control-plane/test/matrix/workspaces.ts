// The workspaces capability's rows of the authorization matrix. Every object is a Running SkillPod owned by
// ctx.users.freelancer and watched by ctx.users.client, on an active contract between the two (its rows and
// the SkillPod object made directly; no operator needed). The owner may do everything; the watcher may read
// and open a watch session but not start or stop it (403: it exists for them); admins, auditors and
// strangers get the 404 of a missing workspace.
import type { Caller, Entry, MatrixContext, Outcome, RequestOf } from "./matrix-types.js";
import { anyUser, auditors, get } from "./matrix-types.js";
import {
  createSkillPod,
  ensureCrds,
  insertContract,
  runningStatus,
  setStatus,
  tenantNamespace,
} from "../workspaces-fixtures.js";

let namespace: Promise<string> | undefined;

/** One tenant namespace for the whole matrix run (made, with the CRDs checked, on first use). */
async function matrixNamespace(): Promise<string> {
  namespace ??= ensureCrds().then(async () => tenantNamespace());
  return namespace;
}

async function watchedSkillPod(ctx: MatrixContext): Promise<Record<string, string>> {
  const contract = await insertContract({
    clientId: ctx.users.client.userId,
    freelancerId: ctx.users.freelancer.userId,
  });
  const ref = await createSkillPod({
    namespace: await matrixNamespace(),
    ownerId: ctx.users.freelancer.userId,
    viewers: [ctx.users.client.userId],
    contract,
  });
  await setStatus(ref, runningStatus());
  return ref;
}

const visible: Record<Caller, Outcome> = {
  anonymous: 401,
  freelancer: "ok",
  client: "ok",
  admin: 404,
  auditor: 404,
  service: 403,
};
const ownerOnly: Record<Caller, Outcome> = { ...visible, client: 403 };

const at =
  (method: "GET" | "POST", tail = ""): RequestOf =>
  (call) => ({ method, url: `/v1/workspaces/${call.params.namespace}/${call.params.name}${tail}` });

const row = (
  request: RequestOf,
  expect: Record<Caller, Outcome>,
  strangerRole: "client" | "freelancer",
): Entry => ({
  request,
  expect,
  object: { create: watchedSkillPod, stranger: { role: strangerRole, expect: 404 } },
});

export const workspacesMatrix: Record<string, Entry> = {
  "GET /v1/workspaces": { request: () => ({ method: "GET", url: "/v1/workspaces" }), expect: anyUser },
  "GET /v1/skillpod-classes": { request: get("/v1/skillpod-classes"), expect: auditors },
  "GET /v1/workspaces/:namespace/:name": row(at("GET"), visible, "client"),
  "POST /v1/workspaces/:namespace/:name/start": row(at("POST", "/start"), ownerOnly, "freelancer"),
  "POST /v1/workspaces/:namespace/:name/stop": row(at("POST", "/stop"), ownerOnly, "freelancer"),
  "POST /v1/workspaces/:namespace/:name/desktop-sessions": row(
    at("POST", "/desktop-sessions"),
    visible,
    "client",
  ),
};
