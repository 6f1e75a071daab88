import type { Availability, ContractBilling, JobDuration } from "../generated/prisma/enums.js";
import type { DeliveryRecord } from "../profiles/index.js";
import type { PartName } from "./weights.js";

/** What matching reads of a job. Skill ids are canonical (synonyms were resolved when the job was written). */
export type MatchJob = {
  skillIds: string[];
  billing: ContractBilling;
  currency: string;
  budgetMinMinor: number;
  budgetMaxMinor: number;
  duration: JobDuration;
};

/** What matching reads of a freelancer: canonical skill ids with their levels (1-5), rate, record. */
export type MatchFreelancer = {
  skillLevels: Record<string, number>;
  hourlyRateMinor: number | null;
  currency: string;
  availability: Availability;
  record: DeliveryRecord;
};

/** A part's value (0..1) and the sentence that says why. */
export type PartValue = { value: number; reason: string };

/** One named part of a score: value × weight = contribution. */
export type MatchPart = PartValue & { name: PartName; weight: number; contribution: number };

/** A score (0..1, the sum of the contributions) and its parts in a fixed order. */
export type Match = { score: number; parts: MatchPart[] };

/** Display names of skill ids, for reasons; an id without a name is shown as itself. */
export type SkillNames = ReadonlyMap<string, string>;
