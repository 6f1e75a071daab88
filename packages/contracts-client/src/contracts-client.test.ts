import { ServiceError } from "@temporalio/client";
import { describe, expect, it } from "vitest";
import { isWorkflowTaskRetrying } from "./contracts-client.js";

describe("update refusals worth retrying", () => {
  it("is only the server's FAILED_PRECONDITION about a workflow task being retried", () => {
    const refusal = (code: number, details: string): ServiceError =>
      new ServiceError("Workflow Update failed", {
        cause: Object.assign(new Error(details), { code, details }),
      });
    expect(
      isWorkflowTaskRetrying(
        refusal(9, "Unable to perform workflow execution update due to Workflow Task in failed state."),
      ),
    ).toBe(true);
    expect(isWorkflowTaskRetrying(refusal(9, "some other precondition"))).toBe(false);
    expect(isWorkflowTaskRetrying(refusal(5, "Workflow Task in failed state"))).toBe(false);
    expect(isWorkflowTaskRetrying(new Error("Workflow Task in failed state"))).toBe(false);
  });
});
