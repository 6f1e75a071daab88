# tflint with only its bundled Terraform ruleset: cloud rulesets are plugins downloaded from GitHub, which
# neither this machine nor most CI runners without a token reach, and this module uses no cloud provider.
# `tflint --recursive` from terraform/ reads this file for every module directory.
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}
