variable "kubeconfig_path" {
  description = "The local stack's kubeconfig (.stack/env: KUBECONFIG)."
  type        = string
}

variable "chart_path" {
  description = "Path to charts/skillpod."
  type        = string
}

variable "namespace" {
  description = "Namespace of the test release."
  type        = string
  default     = "skillpod-tf-test"
}

variable "release_name" {
  description = "Name of the test release."
  type        = string
  default     = "skillpod-tf"
}

variable "operator_replicas" {
  description = "Operator replicas: the test changes it to upgrade the release."
  type        = number
  default     = 1
}

variable "temporal_address" {
  description = "The stack's Temporal frontend."
  type        = string
}

variable "database_app_url" {
  description = "The stack's APP_DATABASE_URL."
  type        = string
  sensitive   = true
}

variable "database_owner_url" {
  description = "The stack's DATABASE_URL."
  type        = string
  sensitive   = true
}

variable "redis_url" {
  description = "The stack's REDIS_URL."
  type        = string
  sensitive   = true
}

variable "platform_keys" {
  description = "Keys made by the test."
  type = object({
    internal_api_token = string
    mfa_encryption_key = string
    jwt_private_key    = string
    audit_signing_key  = string
  })
  sensitive = true
}
