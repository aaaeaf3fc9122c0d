#!/bin/sh
# Installs Qt's runtime libraries through apt-get when they are missing (Linux only);
# elsewhere, or without root, names what to install and carries on.
[ "$(uname -s)" = "Linux" ] || exit 0
command -v dpkg-query >/dev/null 2>&1 || { echo "Please install Qt 6 runtime libraries: $*"; exit 0; }
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
echo "Installing system packages:$missing"
if $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null; then
    exit 0
fi
echo "Could not install:$missing — please run: sudo apt-get install$missing"
exit 0
