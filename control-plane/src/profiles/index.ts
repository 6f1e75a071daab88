export { deliveryRecordsOf, emptyDeliveryRecord, type DeliveryRecord } from "./delivery-records.js";
