import { Type } from "typebox";
import { label } from "../../marketplace-schemas/index.js";

/** A skill id or category: a lower-case slug ("kubernetes", "web-development"). */
export const slugSchema = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,39}$", maxLength: 40 });

export const skillSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  category: Type.String(),
  synonyms: Type.Array(Type.String()),
});

export const skillListSchema = Type.Object({ items: Type.Array(skillSchema) });

export const skillListQuery = Type.Object(
  { category: Type.Optional(slugSchema) },
  { additionalProperties: false },
);

export const newSkillBody = Type.Object(
  { id: slugSchema, name: label(60), category: slugSchema },
  { additionalProperties: false },
);

export const skillParams = Type.Object({ skillId: slugSchema }, { additionalProperties: false });

export const newSynonymBody = Type.Object({ synonym: label(60, 1) }, { additionalProperties: false });
