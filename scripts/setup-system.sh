#!/bin/sh
# Install the Debian/Ubuntu libraries the pipeline needs, when they are missing.
#   Pango and HarfBuzz (WeasyPrint draws text with them); libharfbuzz-subset0 (without it a
#   Chinese leaflet takes about ten times longer); GNU gettext (msgmerge, msgfmt);
#   poppler-utils (pdftoppm and pdfinfo, for page previews and the staff index).
# For the test suite only: chromium and chromium-driver (it opens output/index.html in headless
#   Chromium). Missing, they are installed with the rest when run as root; otherwise a note is
#   printed and the build goes on, since leaflets can be built without them.
# Run as root it installs them; otherwise it prints the exact command to run and stops.
set -eu
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig gettext poppler-utils"
TEST_PACKAGES="chromium chromium-driver"

missing=""
missing_test=""
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in $PACKAGES $TEST_PACKAGES; do
        status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
        case "$status" in
            ii*) ;;
            *) case " $TEST_PACKAGES " in
                   *" $pkg "*) missing_test="$missing_test $pkg" ;;
                   *) missing="$missing $pkg" ;;
               esac ;;
        esac
    done
else
    # Not Debian or Ubuntu: check for the pieces themselves and say what is needed.
    for tool in msgmerge msgfmt pdftoppm pdfinfo fc-list; do
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
    done
    if [ -n "$missing" ]; then
        echo "Missing:$missing. Install Pango (with HarfBuzz), GNU gettext and poppler-utils" >&2
        echo "with your system's package manager, then run make again." >&2
        exit 1
    fi
    for tool in chromium chromedriver; do
        command -v "$tool" >/dev/null 2>&1 || missing_test="$missing_test $tool"
    done
    [ -n "$missing_test" ] && echo "Note: the test suite needs$missing_test (headless Chromium and its driver)." >&2
    exit 0
fi

[ -z "$missing$missing_test" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages:$missing$missing_test"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing $missing_test >/dev/null
    exit 0
fi

if [ -n "$missing_test" ]; then
    echo "Note: \`make test\` needs$missing_test; ask an administrator to run:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y$missing_test" >&2
fi
[ -z "$missing" ] && exit 0
echo "These system packages are missing:$missing" >&2
echo "Ask an administrator to run, then run make again:" >&2
echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
exit 1
