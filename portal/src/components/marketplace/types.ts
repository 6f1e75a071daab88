import type { paths } from "../../api/generated/schema";

// Names for the API's shapes as the marketplace pages use them (all from the generated schema).
type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;

export type Job = Json<paths["/v1/jobs/{jobId}"]["get"]["responses"][200]>;
export type JobInput = Json<paths["/v1/jobs"]["post"]["requestBody"]>;
export type JobPatch = Json<paths["/v1/jobs/{jobId}"]["patch"]["requestBody"]>;
export type WorkspaceTerms = Job["workspaceTerms"];
export type WorkspaceTermsInput = NonNullable<JobInput["workspaceTerms"]>;
export type Category = JobInput["category"];
export type Duration = JobInput["duration"];
export type Billing = JobInput["billing"];

export type JobSearchQuery = NonNullable<paths["/v1/search/jobs"]["get"]["parameters"]["query"]>;
export type JobSearchResult = Json<paths["/v1/search/jobs"]["get"]["responses"][200]>;
export type JobHit = JobSearchResult["items"][number];
export type FacetValue = JobSearchResult["facets"]["category"][number];

export type FreelancerSearchQuery = NonNullable<
  paths["/v1/search/freelancers"]["get"]["parameters"]["query"]
>;
export type FreelancerSearchResult = Json<paths["/v1/search/freelancers"]["get"]["responses"][200]>;
export type FreelancerProfile = Json<paths["/v1/freelancers/{handle}"]["get"]["responses"][200]>;

export type Proposal = Json<paths["/v1/proposals/{proposalId}"]["get"]["responses"][200]>;
export type ProposalInput = Json<paths["/v1/jobs/{jobId}/proposals"]["post"]["requestBody"]>;
export type ProposalState = Proposal["state"];
export type MilestoneInput = ProposalInput["milestones"][number];
export type Comparison = Json<paths["/v1/jobs/{jobId}/proposals/compare"]["get"]["responses"][200]>;

export type Offer = Json<paths["/v1/offers/{offerId}"]["get"]["responses"][200]>;
export type OfferInput = Json<paths["/v1/proposals/{proposalId}/offers"]["post"]["requestBody"]>;
export type OfferState = Offer["state"];

export type SavedSearch = Json<paths["/v1/saved-searches/{savedSearchId}"]["get"]["responses"][200]>;
export type Match = Json<paths["/v1/me/jobs-for-you"]["get"]["responses"][200]>["items"][number];
