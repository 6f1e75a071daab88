export { acceptOffer, type HireDeps } from "./hire.js";
export { announceOffer, type Herald, type OfferNews } from "./announce.js";
export { contractTermsOf } from "./contract-start.js";
export { makeOffer } from "./make.js";
export { moveOffer, type OfferMove } from "./moves.js";
export { listOffers, offerFor, type OfferListQuery, type OfferRole } from "./reads.js";
export { contractIdOf, milestoneIdOf, offerTerms, type OfferInput, type OfferTerms } from "./terms.js";
export { offerView, stateOf, type OfferView } from "./views.js";
