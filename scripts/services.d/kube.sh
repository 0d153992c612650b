# Plug-in of scripts/services: the local Kubernetes control plane (etcd + kube-apiserver +
# kube-controller-manager on loopback). scripts/kube does the work; this only hooks it into
# `scripts/services up|down|status`.
all_services+=(kube)

kube_status() { "$root/scripts/kube" status >/dev/null 2>&1; }
kube_up() { "$root/scripts/kube" up; }
kube_down() { "$root/scripts/kube" down; }
