import { Type } from "typebox";
import { pageQuery, pageSchema, text } from "../../marketplace-schemas/index.js";

export const contractParams = Type.Object(
  { contractId: Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" }) },
  { additionalProperties: false },
);

export const reviewBody = Type.Object(
  {
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    body: text(5000, 1),
  },
  { additionalProperties: false },
);

export const contractReviewSchema = Type.Object({
  id: Type.String(),
  contractId: Type.String(),
  authorId: Type.String(),
  subjectId: Type.String(),
  rating: Type.Integer(),
  body: Type.String(),
  visible: Type.Boolean({ description: "False while blind: only its author sees it" }),
  createdAt: Type.String({ format: "date-time" }),
});

export const contractReviewsSchema = Type.Object({
  reviews: Type.Array(contractReviewSchema),
  windowClosesAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  canReview: Type.Boolean(),
});

export const publicReviewPageSchema = pageSchema(
  Type.Object({
    id: Type.String(),
    rating: Type.Integer(),
    body: Type.String(),
    createdAt: Type.String({ format: "date-time" }),
    contractTitle: Type.String(),
    author: Type.Object({ userId: Type.String(), displayName: Type.String() }),
  }),
);

export const reviewPageQuery = Type.Object(pageQuery, { additionalProperties: false });
