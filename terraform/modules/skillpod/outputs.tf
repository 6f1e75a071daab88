output "namespace" {
  description = "Namespace of the release."
  value       = helm_release.skillpod.namespace
}

output "release_name" {
  description = "Helm release name (helm status <release_name> -n <namespace>)."
  value       = helm_release.skillpod.name
}

output "release_status" {
  description = "Status of the release (deployed after a successful apply)."
  value       = helm_release.skillpod.status
}

output "chart_version" {
  description = "Version of the installed chart."
  value       = helm_release.skillpod.metadata.version
}

output "app_version" {
  description = "SkillPod version of the installed chart (the default image tag)."
  value       = helm_release.skillpod.metadata.app_version
}

output "revision" {
  description = "Release revision: 1 after the install, one more per upgrade."
  value       = helm_release.skillpod.metadata.revision
}

output "secret_names" {
  description = "Secrets the chart reads, by credential (database, redis, platform, payments, mail)."
  value       = var.secret_names
}

output "created_secrets" {
  description = "Secrets this module wrote (the others must exist already)."
  value       = sort([for secret in kubernetes_secret_v1.credentials : secret.metadata[0].name])
}

output "notes" {
  description = "The chart's NOTES.txt: what to do next."
  value       = helm_release.skillpod.metadata.notes
}
