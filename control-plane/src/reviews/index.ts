export { defaultReviewWindowSeconds, reviewVisible } from "./visibility.js";
