import type { ReactElement } from "react";
import { Skeleton } from "../../../../../components/ui";

export default function ContractWorkspaceLoading(): ReactElement {
  return <Skeleton lines={4} label="Loading the contract's workspaces" />;
}
