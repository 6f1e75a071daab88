# What terraform/test/local-cluster.test.ts applies to the local stack's cluster (kwok nodes): the module with
# the chart from this checkout, every credential but Stripe's given (payments use the sandbox, so the module
# must not write that Secret), and the cluster-wide parts the chart's own tests own (CRDs, classes, tenant
# namespaces) left off so that both can run against one cluster.

provider "kubernetes" {
  config_path = var.kubeconfig_path
}

provider "helm" {
  kubernetes = {
    config_path = var.kubeconfig_path
  }
}

module "skillpod" {
  source = "../../modules/skillpod"

  namespace       = var.namespace
  release_name    = var.release_name
  chart           = var.chart_path
  timeout_seconds = 300

  temporal = {
    address           = var.temporal_address
    task_queue_prefix = "tf-"
  }

  database = {
    app_url   = var.database_app_url
    owner_url = var.database_owner_url
  }
  redis_url     = var.redis_url
  platform_keys = var.platform_keys
  smtp_url      = "smtp://127.0.0.1:2525"

  values = [yamlencode({
    image            = { tag = "test" }
    crds             = { enabled = false }
    skillPodClasses  = { standard-desktop = null } # Helm merges maps: null removes the chart's default class
    tenantNamespaces = []
    operator         = { replicaCount = var.operator_replicas }
    controlPlane     = { replicaCount = 1, publicUrl = "http://api.skillpod.localhost", cookieSecure = false }
    gateway          = { replicaCount = 1, publicUrl = "ws://desktop.skillpod.localhost/v1/desktop" }
    portal           = { replicaCount = 1, cookieSecure = false }
    workers = {
      payments = { provider = "sandbox", sandboxUrl = "http://payment-sandbox.invalid:12480" }
      groups = {
        contracts    = { taskQueues = ["contracts"], consumers = ["notifications", "audit-exports"], replicaCount = 1, usageSchedule = true }
        payments     = { taskQueues = ["payments"], consumers = [], replicaCount = 1, usageSchedule = false }
        provisioning = { taskQueues = ["provisioning"], consumers = [], replicaCount = 1, usageSchedule = false }
      }
    }
  })]
}
