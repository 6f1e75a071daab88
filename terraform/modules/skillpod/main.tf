# The SkillPod chart with what it needs around it: its namespace (restricted Pod Security), the Secrets it
# reads by `existingSecret`, and the release. Credentials are inputs, never generated here: a generated value
# would live only in this state and change whenever the resource is replaced.

locals {
  namespace_labels = merge(
    {
      "app.kubernetes.io/part-of"                  = "skillpod"
      "pod-security.kubernetes.io/enforce"         = "restricted"
      "pod-security.kubernetes.io/enforce-version" = "latest"
      "pod-security.kubernetes.io/warn"            = "restricted"
      "pod-security.kubernetes.io/audit"           = "restricted"
    },
    var.namespace_labels,
  )

  namespace = var.create_namespace ? kubernetes_namespace_v1.skillpod[0].metadata[0].name : var.namespace

  # Whether each credential was given is not itself a secret, and for_each needs plain keys.
  given = {
    database = nonsensitive(var.database != null)
    redis    = nonsensitive(var.redis_url != null)
    platform = nonsensitive(var.platform_keys != null)
    payments = nonsensitive(var.stripe_api_key != null)
    mail     = nonsensitive(var.smtp_url != null)
  }
  created = toset([for name, given in local.given : name if given])

  # Secret data under the keys the chart's templates read (charts/skillpod/values.yaml).
  secret_data = {
    database = var.database == null ? {} : {
      "app-url"   = var.database.app_url
      "owner-url" = var.database.owner_url
    }
    redis = var.redis_url == null ? {} : { "url" = var.redis_url }
    platform = var.platform_keys == null ? {} : {
      "internal-api-token" = var.platform_keys.internal_api_token
      "mfa-encryption-key" = var.platform_keys.mfa_encryption_key
      "jwt-private-key"    = var.platform_keys.jwt_private_key
      "audit-signing-key"  = var.platform_keys.audit_signing_key
    }
    payments = var.stripe_api_key == null ? {} : { "stripe-api-key" = var.stripe_api_key }
    mail     = var.smtp_url == null ? {} : { "smtp-url" = var.smtp_url }
  }

  # Applied after var.values so that the chart always reads the Secrets this module wrote or was told about.
  wiring = {
    externalDatabase = {
      existingSecret = var.secret_names.database
      appUrlKey      = "app-url"
      ownerUrlKey    = "owner-url"
    }
    externalRedis = {
      existingSecret = var.secret_names.redis
      urlKey         = "url"
    }
    platformSecrets = { existingSecret = var.secret_names.platform }
    temporal = {
      address         = var.temporal.address
      namespace       = var.temporal.namespace
      taskQueuePrefix = var.temporal.task_queue_prefix
    }
    workers = {
      payments = { existingSecret = var.secret_names.payments }
      mail     = { existingSecret = var.secret_names.mail }
    }
  }
}

resource "kubernetes_namespace_v1" "skillpod" {
  count = var.create_namespace ? 1 : 0

  metadata {
    name   = var.namespace
    labels = local.namespace_labels
  }
}

resource "kubernetes_secret_v1" "credentials" {
  for_each = local.created

  metadata {
    name      = var.secret_names[each.key]
    namespace = local.namespace
    labels = {
      "app.kubernetes.io/part-of"    = "skillpod"
      "app.kubernetes.io/managed-by" = "terraform"
    }
  }

  type = "Opaque"
  data = local.secret_data[each.key]
}

resource "helm_release" "skillpod" {
  name       = var.release_name
  namespace  = local.namespace
  chart      = var.chart
  repository = var.chart_repository
  version    = var.chart_version
  values     = concat(var.values, [yamlencode(local.wiring)])

  # Ready means the migration hook Job finished and every Deployment is available.
  wait            = true
  wait_for_jobs   = true
  atomic          = var.atomic
  cleanup_on_fail = true
  timeout         = var.timeout_seconds
  max_history     = 10

  # The components read the Secrets at start; the migration hook needs the database Secret first.
  depends_on = [kubernetes_secret_v1.credentials]
}
