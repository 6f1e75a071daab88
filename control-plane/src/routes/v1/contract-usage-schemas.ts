import { Type } from "typebox";

const day = (description: string): ReturnType<typeof Type.String> =>
  Type.String({ format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description });

export const usageQuery = Type.Object(
  {
    from: Type.Optional(day("First UTC day (YYYY-MM-DD); 29 days before `to` when absent")),
    to: Type.Optional(day("Last UTC day (YYYY-MM-DD); today when absent")),
  },
  { additionalProperties: false },
);

const seconds = Type.Integer({ minimum: 0, description: "Seconds the workspace desktop was running" });

export const contractUsageSchema = Type.Object({
  contractId: Type.String(),
  from: Type.String({ format: "date" }),
  to: Type.String({ format: "date" }),
  totalSeconds: seconds,
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: "date", description: "A UTC day" }),
      runningSeconds: seconds,
      skillPods: Type.Array(Type.Object({ name: Type.String(), runningSeconds: seconds }), {
        description: "The contract's SkillPods (one per milestone) that ran that day, by name",
      }),
    }),
    { description: "Every day of the range, oldest first, zero when nothing ran" },
  ),
});
