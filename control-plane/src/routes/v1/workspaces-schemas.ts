import { Type } from "typebox";
import { pageQuery, pageSchema } from "../../marketplace-schemas/index.js";

// Kubernetes names (RFC 1123 labels): a SkillPod's name is also a label value on its children, so both are at
// most 63 characters, well under the router's 100-character limit on a path parameter (its 414).
const kubeName = (description: string): ReturnType<typeof Type.String> =>
  Type.String({ minLength: 1, maxLength: 63, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", description });

export const workspaceParams = Type.Object(
  {
    namespace: kubeName("The tenant namespace (skp-<clientId>)"),
    name: kubeName("The SkillPod's name"),
  },
  { additionalProperties: false },
);

const time = Type.String({ format: "date-time" });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(
  schema: T,
): ReturnType<typeof Type.Union<[T, ReturnType<typeof Type.Null>]>> => Type.Union([schema, Type.Null()]);

export const desktopModeSchema = Type.Union([Type.Literal("interactive"), Type.Literal("watch")], {
  description: "interactive: the owner works in the desktop; watch: a supervisor sees it and cannot type",
});

export const workspaceSchema = Type.Object(
  {
    namespace: Type.String(),
    name: Type.String(),
    state: Type.Union([Type.Literal("Running"), Type.Literal("Stopped")], {
      description: "What the owner asked for (spec.state)",
    }),
    phase: nullable(Type.String({ description: "What the operator observed (status.phase)" })),
    ready: Type.Boolean(),
    idleWarning: nullable(
      Type.Object(
        { since: time, message: Type.String() },
        { description: "Present while the workspace is about to stop for idleness" },
      ),
    ),
    expiresAt: nullable(time),
    lastActivityAt: nullable(time),
    contractId: nullable(Type.String()),
    milestoneId: nullable(Type.String()),
    frozen: Type.Boolean({ description: "A dispute froze it: no start, no desktop until it is resolved" }),
    mode: desktopModeSchema,
    clipboard: Type.Union([Type.Literal("Both"), Type.Literal("ToWorkspace"), Type.Literal("Disabled")], {
      description:
        "Copy and paste: both ways, into the workspace only, or not at all (the desktop enforces it)",
    }),
  },
  { additionalProperties: false },
);

export const workspacePageSchema = pageSchema(workspaceSchema);

export const workspaceListQuery = Type.Object({ ...pageQuery }, { additionalProperties: false });

export const desktopSessionBody = Type.Object(
  {
    mode: Type.Optional(
      Type.Union([Type.Literal("interactive"), Type.Literal("watch")], {
        description: "Defaults to the caller's own mode; an owner may ask to watch, a watcher never to type",
      }),
    ),
  },
  { additionalProperties: false },
);

export const desktopSessionSchema = Type.Object(
  {
    ticket: Type.String({ description: "Opens one desktop session, once, before expiresAt" }),
    expiresAt: time,
    mode: desktopModeSchema,
    url: Type.String({
      description: "The session gateway's WebSocket URL with the ticket: open it as it is",
    }),
  },
  { additionalProperties: false },
);

const quantity = Type.String({ description: "A Kubernetes quantity (2, 500m, 8Gi)" });

export const skillPodClassSchema = Type.Object(
  {
    name: Type.String(),
    displayName: Type.String({ description: "spec.displayName, else the name" }),
    description: Type.String(),
    image: Type.String(),
    imagePullPolicy: Type.String(),
    streamPort: Type.Integer(),
    resources: Type.Object({
      default: Type.Object({ cpu: quantity, memory: quantity }),
      max: Type.Object({ cpu: quantity, memory: quantity }),
    }),
    home: Type.Object({ defaultSize: quantity, storageClassName: nullable(Type.String()) }),
    idle: Type.Object({ timeoutSeconds: Type.Integer(), warnSeconds: Type.Integer() }),
    egressAllow: Type.Array(Type.String(), {
      description: "CIDR:port destinations every SkillPod may reach",
    }),
    runtimeClassName: nullable(Type.String()),
    createdAt: nullable(time),
  },
  { additionalProperties: false },
);

export const skillPodClassListSchema = Type.Object({ items: Type.Array(skillPodClassSchema) });
