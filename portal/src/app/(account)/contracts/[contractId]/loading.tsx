import type { ReactElement } from "react";
import { Skeleton } from "../../../../components/ui";

export default function ContractLoading(): ReactElement {
  return <Skeleton lines={6} label="Loading the contract" />;
}
