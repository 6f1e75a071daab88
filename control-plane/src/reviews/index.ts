export { defaultReviewWindowSeconds, reviewVisible } from "./visibility.js";
export { leaveReview, type ReviewInput } from "./leave-review.js";
export { contractReviews, type ContractReview, type ContractReviews } from "./contract-reviews.js";
export { freelancerReviews, type PublicReview } from "./freelancer-reviews.js";
