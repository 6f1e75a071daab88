output "release" {
  description = "Namespace, name, revision and chart version of the installed release."
  value = {
    namespace     = module.skillpod.namespace
    name          = module.skillpod.release_name
    revision      = module.skillpod.revision
    chart_version = module.skillpod.chart_version
    status        = module.skillpod.release_status
  }
}

output "notes" {
  description = "What to do next (the chart's NOTES.txt)."
  value       = module.skillpod.notes
}
