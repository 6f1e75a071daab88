// Who may read a contract, and the audit of the one reader who is not a party: an admin reads a contract
// only because it has (or had) a dispute, and that read is recorded before anything is shown (reads are not
// audited automatically).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { contractFor, type Caller, type ContractParty } from "./contract-access.js";

export async function auditedRead(
  app: FastifyInstance,
  read: { caller: Caller; request: FastifyRequest; contractId: string; party: ContractParty },
): Promise<void> {
  if (read.party !== "admin") return;
  const { request } = read;
  await app.audit.append({
    actorType: "user",
    actorId: read.caller.userId,
    action: `${request.method} ${request.routeOptions.url ?? request.url}`,
    targetType: "contracts",
    targetId: read.contractId,
    requestId: String(request.id),
    ip: request.ip,
    outcome: "success",
    details: { reason: "dispute" },
  });
}

/** Passes a party (or an admin of a disputed contract, audited); a stranger gets the missing contract's 404. */
export async function readerOf(
  app: FastifyInstance,
  caller: Caller,
  request: FastifyRequest,
  contractId: string,
): Promise<ContractParty> {
  const { party } = await contractFor(app.pg, caller, contractId, "read");
  await auditedRead(app, { caller, request, contractId, party });
  return party;
}
