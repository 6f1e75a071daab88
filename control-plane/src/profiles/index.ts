export { deliveryRecordsOf, emptyDeliveryRecord, type DeliveryRecord } from "./delivery-records.js";
export {
  freelancerProfileView,
  saveFreelancerProfile,
  type FreelancerProfileView,
} from "./freelancer-profiles.js";
export type { FreelancerProfileInput } from "./freelancer-input.js";
export {
  clientProfileView,
  saveClientProfile,
  type ClientProfileInput,
  type ClientProfileView,
} from "./client-profiles.js";
