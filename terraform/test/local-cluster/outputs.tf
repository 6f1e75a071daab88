output "namespace" {
  description = "Namespace of the release."
  value       = module.skillpod.namespace
}

output "release_name" {
  description = "Name of the release."
  value       = module.skillpod.release_name
}

output "release_status" {
  description = "Status of the release."
  value       = module.skillpod.release_status
}

output "revision" {
  description = "Revision of the release."
  value       = module.skillpod.revision
}

output "created_secrets" {
  description = "Secrets the module wrote."
  value       = module.skillpod.created_secrets
}
