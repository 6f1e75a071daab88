variable "kubeconfig_path" {
  description = "Kubeconfig with a context for the cluster."
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "Context of the cluster in the kubeconfig."
  type        = string
}

variable "chart" {
  description = "The chart: an OCI reference or repository chart once SkillPod publishes one; null uses charts/skillpod of this checkout."
  type        = string
  default     = null
}

variable "chart_version" {
  description = "Chart version to install when chart is an OCI reference (pin it)."
  type        = string
  default     = null
}

variable "domain" {
  description = "DNS domain of the installation: the portal at <domain>, the API at api.<domain>, desktops at desktop.<domain>."
  type        = string
}

variable "ingress_class" {
  description = "IngressClass of the cluster's Ingress controller."
  type        = string
  default     = "nginx"
}

variable "tls_secret" {
  description = "Secret (in the SkillPod namespace) with the wildcard certificate of the domain, e.g. issued by cert-manager."
  type        = string
  default     = "skillpod-tls"
}

variable "ingress_cidrs" {
  description = "Pod CIDRs of the Ingress controller, whose X-Forwarded-For the API believes."
  type        = list(string)
}

variable "monitoring" {
  description = "Create ServiceMonitors, PrometheusRules and the Grafana dashboards (needs the Prometheus Operator's CRDs, e.g. from kube-prometheus-stack)."
  type        = bool
  default     = true
}

variable "temporal_address" {
  description = "Temporal frontend (host:port), e.g. a self-hosted cluster's frontend Service or Temporal Cloud's namespace endpoint."
  type        = string
}

variable "temporal_namespace" {
  description = "Temporal namespace."
  type        = string
  default     = "skillpod"
}

# Credentials: pass them as TF_VAR_… from a secret store or CI secrets, never in a committed .tfvars file.

variable "database_app_url" {
  description = "postgresql:// URL of the app role (managed PostgreSQL, TLS required)."
  type        = string
  sensitive   = true
}

variable "database_owner_url" {
  description = "postgresql:// URL of the owner role (migrations, ledger)."
  type        = string
  sensitive   = true
}

variable "redis_url" {
  description = "rediss:// URL of the managed Redis."
  type        = string
  sensitive   = true
}

variable "platform_keys" {
  description = "The platform's keys (see the module's README for how to make them)."
  type = object({
    internal_api_token = string
    mfa_encryption_key = string
    jwt_private_key    = string
    audit_signing_key  = string
  })
  sensitive = true
}

variable "stripe_api_key" {
  description = "Stripe secret key (sk_live_…)."
  type        = string
  sensitive   = true
}

variable "smtp_url" {
  description = "smtps:// URL of the mail relay, with credentials."
  type        = string
  sensitive   = true
}
