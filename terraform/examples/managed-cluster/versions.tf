terraform {
  required_version = ">= 1.6.0"

  required_providers {
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.23.0, < 4.0.0"
    }
  }

  # Keep the state in a remote backend with encryption at rest: it holds the credentials given below
  # (OpenTofu can also encrypt it client-side, see README.md). For example:
  # backend "s3" {
  #   bucket = "acme-terraform-state"
  #   key    = "skillpod/production.tfstate"
  #   region = "eu-west-1"
  # }
}
