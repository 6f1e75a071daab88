# Where and what to install.

variable "namespace" {
  description = "Namespace of the release: the operator's leader-election Lease, the components and their Secrets live here."
  type        = string
  default     = "skillpod-system"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a DNS-1123 label (lower case letters, digits and '-', at most 63 characters)."
  }
}

variable "create_namespace" {
  description = "Create the namespace (labelled for the restricted Pod Security profile); false when it exists already."
  type        = bool
  default     = true
  nullable    = false
}

variable "namespace_labels" {
  description = "Extra labels of the namespace, merged over the restricted Pod Security labels."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "release_name" {
  description = "Helm release name; objects are named <release>-skillpod-<component> (or <release>-<component> when the name contains \"skillpod\")."
  type        = string
  default     = "skillpod"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$", var.release_name))
    error_message = "release_name must be a DNS-1123 label of at most 53 characters (Helm's limit)."
  }
}

variable "chart" {
  description = "The SkillPod chart: a name in chart_repository, an OCI reference (oci://…/skillpod), a packaged .tgz or a path to charts/skillpod."
  type        = string
  default     = "skillpod"
  nullable    = false
}

variable "chart_repository" {
  description = "Helm repository URL of the chart; null when chart is an OCI reference, a file or a directory."
  type        = string
  default     = null
}

variable "chart_version" {
  description = "Chart version to install; null installs the newest (pin it in production)."
  type        = string
  default     = null
}

variable "values" {
  description = "Chart values as YAML documents (yamlencode(…) or file(…)), applied in order; the module's wiring of Secrets and Temporal is applied after them."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "temporal" {
  description = "The Temporal cluster the workers and the control plane use: frontend address (host:port), namespace and task queue prefix."
  type = object({
    address           = string
    namespace         = optional(string, "default")
    task_queue_prefix = optional(string, "")
  })
  nullable = false
}

# Credentials. Each one given here becomes a Secret in the namespace, with the keys the chart reads; one left
# null is expected to exist already under its secret_names entry (e.g. written by External Secrets).

variable "database" {
  description = "PostgreSQL connection URLs: app_url (the app role, which cannot UPDATE or DELETE the audit trail) and owner_url (migrations, the workers' ledger). null: the Secret secret_names.database exists already."
  type = object({
    app_url   = string
    owner_url = string
  })
  default   = null
  sensitive = true
}

variable "redis_url" {
  description = "redis:// or rediss:// URL. null: the Secret secret_names.redis exists already."
  type        = string
  default     = null
  sensitive   = true
}

variable "platform_keys" {
  description = "The platform's keys: internal_api_token (≥ 32 characters), mfa_encryption_key (32 bytes, base64), jwt_private_key and audit_signing_key (Ed25519, PKCS#8 PEM). null: the Secret secret_names.platform exists already."
  type = object({
    internal_api_token = string
    mfa_encryption_key = string
    jwt_private_key    = string
    audit_signing_key  = string
  })
  default   = null
  sensitive = true
}

variable "stripe_api_key" {
  description = "Stripe API key of the workers (when workers.payments.provider is stripe, the chart's default). null: the Secret secret_names.payments exists already, or payments use the sandbox."
  type        = string
  default     = null
  sensitive   = true
}

variable "smtp_url" {
  description = "SMTP URL (smtp:// or smtps://, with credentials) of the workers' notification mails. null: the Secret secret_names.mail exists already."
  type        = string
  default     = null
  sensitive   = true
}

variable "secret_names" {
  description = "Names of the Secrets the chart reads (created by this module when their credentials are given); the defaults are the chart's."
  type = object({
    database = optional(string, "skillpod-database")
    redis    = optional(string, "skillpod-redis")
    platform = optional(string, "skillpod-platform")
    payments = optional(string, "skillpod-payments")
    mail     = optional(string, "skillpod-mail")
  })
  default  = {}
  nullable = false
}

# How the release is rolled out.

variable "timeout_seconds" {
  description = "Seconds Helm waits for the migration Job and every Deployment to be ready, per install or upgrade."
  type        = number
  default     = 600
  nullable    = false
}

variable "atomic" {
  description = "Roll a failed install or upgrade back (and so keep the last working release serving)."
  type        = bool
  default     = true
  nullable    = false
}
