import type { Metadata } from "next";
import type { ReactElement } from "react";
import type { paths } from "../../../../api/generated/schema";
import { EmptyState } from "../../../../components/ui";
import { formatDate } from "../../../../lib/dates";
import { api, dataOf } from "../../../../server/api";
import { AdminTabs } from "../_components/admin-tabs";
import { NotForYourAccount } from "../_components/not-for-your-account";
import { staffViewer } from "../_components/staff";
import { durationWords, egressWords } from "./class-words";

export const metadata: Metadata = { title: "Desktop classes" };

type SkillPodClass =
  paths["/v1/skillpod-classes"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

function Fact({ term, children }: { term: string; children: ReactElement | string }): ReactElement {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ClassCard({ item }: { item: SkillPodClass }): ReactElement {
  const { resources, idle } = item;
  return (
    <li className="ui-card">
      <h2 className="admin-item-title">{item.displayName}</h2>
      {item.displayName === item.name ? null : <p className="admin-code ui-muted">{item.name}</p>}
      {item.description ? <p>{item.description}</p> : null}
      <dl className="admin-facts">
        <Fact term="Image">
          <span className="admin-code">{item.image}</span>
        </Fact>
        <Fact term="CPU (default / max)">{`${resources.default.cpu} / ${resources.max.cpu}`}</Fact>
        <Fact term="Memory (default / max)">{`${resources.default.memory} / ${resources.max.memory}`}</Fact>
        <Fact term="Home volume">{`${item.home.defaultSize}${item.home.storageClassName ? ` (${item.home.storageClassName})` : ""}`}</Fact>
        <Fact term="Stops when idle for">{`${durationWords(idle.timeoutSeconds)}, warned ${durationWords(idle.warnSeconds)} before`}</Fact>
        <Fact term="May reach">
          {item.egressAllow.length > 0 ? item.egressAllow.map(egressWords).join("; ") : "Nothing outside"}
        </Fact>
        <Fact term="Sandbox runtime">{item.runtimeClassName ?? "The cluster's default"}</Fact>
        <Fact term="Created">{formatDate(item.createdAt)}</Fact>
      </dl>
    </li>
  );
}

export default async function ClassesPage(): Promise<ReactElement> {
  const viewer = await staffViewer("/admin/classes", "staff");
  if (!viewer) return <NotForYourAccount />;
  const { items } = dataOf(await (await api()).GET("/v1/skillpod-classes"), "/admin/classes");
  return (
    <>
      <h1>Desktop classes</h1>
      <AdminTabs viewer={viewer} current="classes" />
      <p className="ui-muted">
        The kinds of desktop a workspace can be (SkillPodClasses), as the cluster holds them. They are changed
        with the cluster&apos;s tools, not here.
      </p>
      {items.length === 0 ? (
        <EmptyState title="No desktop classes yet.">
          <p>A cluster operator adds one with kubectl apply; workspaces cannot start until one exists.</p>
        </EmptyState>
      ) : (
        <ul className="admin-cards admin-list">
          {items.map((item) => (
            <ClassCard key={item.name} item={item} />
          ))}
        </ul>
      )}
    </>
  );
}
