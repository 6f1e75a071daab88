// The SkillPodClasses (kinds of desktop) as the cluster holds them: read-only, for admins and auditors.
import { listSkillPodClasses } from "../../workspaces/index.js";
import { bearer, errors, type TypedApp } from "./typed-app.js";
import { skillPodClassListSchema } from "./workspaces-schemas.js";

export async function skillPodClassesRoutes(app: TypedApp): Promise<void> {
  app.get(
    "/v1/skillpod-classes",
    {
      config: { access: { roles: ["admin", "auditor"] as const } },
      schema: {
        tags: ["workspaces"],
        summary: "The SkillPodClasses (kinds of desktop a workspace can be), by name",
        description: "503 SKP_WORKSPACES_UNAVAILABLE when the Kubernetes API cannot be reached.",
        security: bearer,
        response: { 200: skillPodClassListSchema, ...errors(401, 403, 503) },
      },
    },
    async () => ({ items: await listSkillPodClasses(app.kube.custom) }),
  );
  return Promise.resolve();
}
