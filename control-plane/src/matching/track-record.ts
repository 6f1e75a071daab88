import type { DeliveryRecord } from "../profiles/index.js";
import type { MatchingWeights } from "./weights.js";
import type { PartValue } from "./types.js";
import { percent, plural } from "./wording.js";

/**
 * Completed contracts (saturating: the tenth adds less than the first), the on-time rate, and a penalty
 * per dispute lost.
 */
export function deliveryRecordValue(
  record: DeliveryRecord,
  config: MatchingWeights["deliveryRecord"],
): number {
  const done = record.completedContracts;
  const experience = done / (done + config.contractsHalfSaturation);
  const onTime = record.onTimeRate ?? config.onTimeUnknown;
  const base = config.experienceShare * experience + (1 - config.experienceShare) * onTime;
  return Math.min(1, Math.max(0, base - config.disputePenalty * record.disputesLost));
}

/** The delivery record part with its reason. */
export function deliveryRecordPart(
  record: DeliveryRecord,
  config: MatchingWeights["deliveryRecord"],
): PartValue {
  const done = record.completedContracts;
  const contracts = done === 0 ? "No completed contracts yet" : plural(done, "completed contract");
  const timing =
    record.onTimeRate === null ? "no due dates met or missed yet" : `${percent(record.onTimeRate)} on time`;
  const disputes =
    record.disputesLost === 0 ? "no disputes lost" : `${plural(record.disputesLost, "dispute")} lost`;
  return { value: deliveryRecordValue(record, config), reason: `${contracts}, ${timing}, ${disputes}` };
}

/** The average after adding `priorCount` reviews of `priorMean` stars, and how many real reviews there are. */
function adjustedAverage(record: DeliveryRecord, config: MatchingWeights["reviews"]): [number, number] {
  const count = record.reviewAverage === null ? 0 : record.reviewCount;
  const total = (record.reviewAverage ?? 0) * count + config.priorMean * config.priorCount;
  return [total / (count + config.priorCount), count];
}

/**
 * The review average with a prior: `priorCount` reviews of `priorMean` stars are added, so the average of
 * a few reviews counts for less than the same average of many. 1★ is 0, 5★ is 1.
 */
export function reviewsValue(record: DeliveryRecord, config: MatchingWeights["reviews"]): number {
  return (adjustedAverage(record, config)[0] - 1) / 4;
}

/** The reviews part with its reason. */
export function reviewsPart(record: DeliveryRecord, config: MatchingWeights["reviews"]): PartValue {
  const [adjusted, count] = adjustedAverage(record, config);
  const value = (adjusted - 1) / 4;
  if (count === 0) return { value, reason: `No reviews yet; counted as ${config.priorMean.toFixed(1)}★` };
  const average = (record.reviewAverage ?? 0).toFixed(1);
  return {
    value,
    reason: `${average}★ from ${plural(count, "review")}, counted as ${adjusted.toFixed(2)}★ (few reviews weigh less)`,
  };
}
