import { Type } from "typebox";

/**
 * The categories a job is filed under: the categories of the skill vocabulary (the skills table groups its
 * skills by them; a test keeps the two equal). One list, so the schema, the search facet and the portal's
 * menu agree.
 */
export const jobCategories = [
  "web-development",
  "backend",
  "devops",
  "data",
  "mobile",
  "design",
  "writing",
  "security",
] as const;

export type JobCategory = (typeof jobCategories)[number];

export const jobCategorySchema = Type.Enum([...jobCategories], { description: "A skill category" });
