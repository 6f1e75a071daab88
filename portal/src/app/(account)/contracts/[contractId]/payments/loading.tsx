import type { ReactElement } from "react";
import { Skeleton } from "../../../../../components/ui";

export default function ContractPaymentsLoading(): ReactElement {
  return <Skeleton lines={5} label="Loading the contract's payments" />;
}
