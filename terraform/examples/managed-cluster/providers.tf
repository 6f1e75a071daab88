# A managed cluster (EKS, GKE, AKS, …) reached through a kubeconfig context, as
# `aws eks update-kubeconfig`, `gcloud container clusters get-credentials` or `az aks get-credentials` write it
# (their exec credential plugins refresh the token on every run).

provider "kubernetes" {
  config_path    = var.kubeconfig_path
  config_context = var.kube_context
}

provider "helm" {
  kubernetes = {
    config_path    = var.kubeconfig_path
    config_context = var.kube_context
  }
}
