export { startLocalPathProvisioner, type LocalPathProvisioner } from "./provisioner.js";
export { loadProvisionerConfig, type ProvisionerConfig } from "./config.js";
export { needsVolume, volumeFor, isReleasedForDeletion } from "./volume-plan.js";
