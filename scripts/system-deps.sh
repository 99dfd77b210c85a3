#!/bin/sh
# Installs the Debian packages publish uses, only those that are missing.
#   sample: Java (EPUBCheck), ffmpeg, Chromium (the axe-core check of the page), espeak-ng
#           (the offline voice for languages without a Piper voice), liblouis (braille), and the Noto
#           fonts for text in other scripts (Atkinson Hyperlegible covers Latin only), and
#           xmllint with the W3C DTDs (the daisy check validates against XHTML 1.0 and SMIL 1.0)
#           poppler-utils (the fidelity check reads the PDF's text with pdftotext)
#   tests:  the above plus Node.js and npm for Ace by DAISY
#           (the EPUB accessibility checker publishers use; noxfile.py installs it)
#   bench:  the above plus pandoc (the baseline the benchmark compares with)
set -eu
session="${1:-sample}"
need=""
want() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || need="$need $1"; }
# A command that may come from elsewhere (Node.js from NodeSource brings its own npm, and
# Debian's npm package would conflict with it): the packages only when the command is missing.
want_command() { command -v "$1" >/dev/null 2>&1 || need="$need $2"; }
want default-jre-headless
want ffmpeg
want chromium
want fonts-noto-core
want fonts-noto-cjk
want espeak-ng
want liblouis-bin
want liblouis-data
want poppler-utils
want libxml2-utils
want w3c-sgml-lib
case "$session" in
    tests|bench) want fonts-dejavu-core; want_command npm "nodejs npm" ;;
esac
[ "$session" = bench ] && want pandoc
[ -z "$need" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "publish needs these Debian packages:$need; install them with your system's package manager." >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing system packages:$need" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
