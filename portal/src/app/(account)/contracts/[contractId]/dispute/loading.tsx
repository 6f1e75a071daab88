import type { ReactElement } from "react";
import { Skeleton } from "../../../../../components/ui";

export default function ContractDisputeLoading(): ReactElement {
  return <Skeleton lines={4} label="Loading the dispute" />;
}
