import type { Metadata } from "next";
import type { ReactElement } from "react";
import { NotForYourAccount, viewerWithRole } from "../../../../components/marketplace/role-gate";
import { api, dataOf } from "../../../../server/api";
import { JobForm } from "../job-form";
import { postJob } from "./actions";

export const metadata: Metadata = { title: "Post a job" };

export default async function NewJobPage(): Promise<ReactElement> {
  if (!(await viewerWithRole("/jobs/new", "client"))) return <NotForYourAccount role="client" />;
  const skills = dataOf(await (await api()).GET("/v1/skills"), "/jobs/new");
  return (
    <div style={{ maxWidth: 880 }}>
      <h1>Post a job</h1>
      <p>
        Say what you need, what you would pay, and what the freelancer&apos;s secure desktop may do. Posted
        jobs are searchable at once; a draft waits until you publish it.
      </p>
      <JobForm action={postJob} skills={skills.items} />
    </div>
  );
}
