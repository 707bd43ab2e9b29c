#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test SenseVec (Swift itself is expected on PATH).
# Idempotent: does nothing when everything is present.
set -euo pipefail
need=()
[ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)
# Open MPI: the Distributed module links it (pkg-config ompi-c); the mpirun tests run its launcher.
pkg-config --exists ompi-c 2>/dev/null || need+=(libopenmpi-dev)
command -v mpirun >/dev/null 2>&1 || need+=(openmpi-bin)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# Cairo draws the PNG plots; their text is DejaVu Sans (found through fontconfig).
[ -f /usr/include/cairo/cairo.h ] || need+=(libcairo2-dev)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ "${SENSEVEC_BROWSER_TESTS:-0}" = "1" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  # The portability test runs the binary on an emulated CPU without AVX2 (PortabilityCLITests).
  command -v qemu-x86_64 >/dev/null 2>&1 || need+=(qemu-user)
  # The two-host MPI test joins two network namespaces with a veth pair (DistributedCLITests; skipped where
  # namespaces cannot be made).
  command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || need+=(iproute2)
fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
