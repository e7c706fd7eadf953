#!/bin/sh
# Install the Debian/Ubuntu packages the pipeline needs, when they are missing.
#   For building (every target): Pango and HarfBuzz (WeasyPrint draws text with them);
#   libharfbuzz-subset0 (without it a Chinese leaflet takes about ten times longer); GNU gettext
#   (msgmerge, msgfmt); OpenSSH's ssh-keygen (verifies reviewers' signed sign-offs); fonts-noto-cjk
#   (the Chinese, Japanese and Korean faces, which `make` then takes out of its font collections:
#   layouts/fonts/fonts.yaml pins the version, 1:20220127+repack1-1 in Debian 12).
#   For the test suite only (`scripts/setup-system.sh test`): Chromium and its driver (the staff
#   index and the web pages are opened in headless Chromium) and poppler-utils (pdftotext,
#   an independent reader of the PDFs' text).
# Run as root it installs what is missing; otherwise it prints the exact command to run and stops.
set -eu
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig gettext openssh-client fonts-noto-cjk"
if [ "${1:-}" = "test" ]; then
    PACKAGES="chromium chromium-driver poppler-utils"
fi

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in $PACKAGES; do
        status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
        case "$status" in
            ii*) ;;
            *) missing="$missing $pkg" ;;
        esac
    done
else
    # Not Debian or Ubuntu: check for the pieces themselves and say what is needed.
    tools="msgmerge msgfmt fc-list ssh-keygen"
    [ "${1:-}" = "test" ] && tools="chromium chromedriver pdftotext"
    for tool in $tools; do
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
    done
    if [ -n "$missing" ]; then
        echo "Missing:$missing. Install them with your system's package manager (Pango with HarfBuzz," >&2
        echo "GNU gettext, OpenSSH; for the tests Chromium, ChromeDriver, poppler-utils), then run make again." >&2
        echo "The CJK fonts must be Debian's fonts-noto-cjk 1:20220127+repack1-1 (see layouts/fonts/fonts.yaml)." >&2
        exit 1
    fi
    exit 0
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
fi

echo "These system packages are missing:$missing" >&2
echo "Ask an administrator to run, then run make again:" >&2
echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
exit 1
