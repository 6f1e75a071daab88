export {
  SkpError,
  conflict,
  forbidden,
  invalid,
  notFound,
  unauthenticated,
  validationFailed,
} from "./skp-error.js";
export { sendNotFound, sendProblem, type Problem } from "./problem.js";
export { databaseBusy, fromDatabaseError, transientDatabaseError } from "./database-errors.js";
