type StackVariable =
  | "KUBECONFIG"
  | "DATABASE_URL"
  | "TEST_DATABASE_URL"
  | "REDIS_URL"
  | "TEMPORAL_ADDRESS"
  | "SKILLPOD_BIN"
  | "APP_DATABASE_URL"
  | "TEST_APP_DATABASE_URL";

/** The local stack's coordinates, as `make stack-env` exports them; fails clearly when the stack is not set up. */
export function stackEnv(variable: StackVariable): string {
  const value = process.env[variable];
  if (!value) {
    throw new Error(
      `${variable} is not set: start the stack and load its environment: make stack-up && eval "$(make -s stack-env)"`,
    );
  }
  return value;
}
