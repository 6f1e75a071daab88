# SkillPod on a managed cluster, with managed PostgreSQL, Redis and Temporal outside it, three Ingresses
# behind the cluster's controller.

module "skillpod" {
  source = "../../modules/skillpod"

  namespace     = "skillpod-system"
  chart         = coalesce(var.chart, "${path.module}/../../../charts/skillpod")
  chart_version = var.chart_version

  temporal = {
    address   = var.temporal_address
    namespace = var.temporal_namespace
  }

  database = {
    app_url   = var.database_app_url
    owner_url = var.database_owner_url
  }
  redis_url      = var.redis_url
  platform_keys  = var.platform_keys
  stripe_api_key = var.stripe_api_key
  smtp_url       = var.smtp_url

  values = [yamlencode({
    controlPlane = {
      publicUrl      = "https://api.${var.domain}"
      corsOrigins    = ["https://${var.domain}"]
      jwtIssuer      = "https://${var.domain}"
      trustedProxies = var.ingress_cidrs
      ingress = {
        enabled   = true
        className = var.ingress_class
        host      = "api.${var.domain}"
        tlsSecret = var.tls_secret
      }
    }
    gateway = {
      publicUrl = "wss://desktop.${var.domain}/v1/desktop"
      ingress = {
        enabled   = true
        className = var.ingress_class
        host      = "desktop.${var.domain}"
        tlsSecret = var.tls_secret
        # Desktop sessions are long-lived WebSockets.
        annotations = {
          "nginx.ingress.kubernetes.io/proxy-read-timeout" = "3600"
          "nginx.ingress.kubernetes.io/proxy-send-timeout" = "3600"
        }
      }
    }
    portal = {
      ingress = {
        enabled   = true
        className = var.ingress_class
        host      = var.domain
        tlsSecret = var.tls_secret
      }
    }
    metrics = {
      serviceMonitor = { enabled = var.monitoring }
      prometheusRule = { enabled = var.monitoring }
      dashboards     = { enabled = var.monitoring }
    }
  })]
}
