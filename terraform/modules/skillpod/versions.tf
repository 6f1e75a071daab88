terraform {
  # OpenTofu ≥ 1.6 or Terraform ≥ 1.5 (optional object attributes with defaults, nonsensitive on booleans).
  required_version = ">= 1.5.0"

  required_providers {
    # 3.x: `kubernetes = {}` in the provider block and metadata as an object.
    helm = {
      source  = "hashicorp/helm"
      version = ">= 3.0.0, < 4.0.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.23.0, < 4.0.0"
    }
  }
}
