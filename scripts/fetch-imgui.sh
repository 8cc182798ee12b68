#!/usr/bin/env bash
# Puts Dear ImGui 1.90.1 into third_party/imgui/ from Debian's *source* package
# (its binary packages lack the core .cpp files). A private apt configuration
# reuses the mirror this machine already trusts, so no host name is written in
# the repository and the system's apt state is left untouched.
# IMGUI_DIR=/path/to/imgui skips the download and links that folder instead.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/third_party/imgui"
version="1.90.1"
debian_version="1.90.1+ds-1"
tarball="imgui_1.90.1+ds.orig.tar.xz"
sha256="ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c"

if [ -n "${IMGUI_DIR:-}" ]; then
  [ -f "$IMGUI_DIR/imgui.cpp" ] || { echo "IMGUI_DIR=$IMGUI_DIR has no imgui.cpp" >&2; exit 1; }
  mkdir -p "$root/third_party"
  rm -rf "$dest"
  ln -s "$(cd "$IMGUI_DIR" && pwd)" "$dest"
  echo "imgui: using $IMGUI_DIR"
  exit 0
fi

if [ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$version" ]; then
  exit 0
fi

# The first Debian mirror configured on this machine (deb822 or one-line form).
mirror=$( { grep -hoE '^URIs:[[:space:]]*[^[:space:]]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' || true;
            grep -hoE '^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?[^[:space:]]+' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $NF}' || true; } \
          | grep -v -- '-security' | head -1 || true)
[ -n "$mirror" ] || { echo "imgui: no Debian mirror found in the apt configuration" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/parts" "$work/prefs" "$work/download"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$work/sources.list"
apt_private=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/parts"
             -o "Dir::Etc::PreferencesParts=$work/prefs" -o "Dir::State::Lists=$work/lists"
             -o "Dir::Cache=$work/cache" -o "APT::Sandbox::User=root" -qq)

echo "imgui: fetching Debian source package imgui $debian_version"
apt-get "${apt_private[@]}" update
(cd "$work/download" && apt-get "${apt_private[@]}" source --download-only "imgui=$debian_version")
echo "$sha256  $work/download/$tarball" | sha256sum -c --quiet -

rm -rf "$dest"
mkdir -p "$dest"
tar -xJf "$work/download/$tarball" -C "$dest" --strip-components=1 \
  "imgui-$version/imgui.cpp" "imgui-$version/imgui.h" "imgui-$version/imgui_internal.h" \
  "imgui-$version/imgui_draw.cpp" "imgui-$version/imgui_widgets.cpp" "imgui-$version/imgui_tables.cpp" \
  "imgui-$version/imgui_demo.cpp" "imgui-$version/imconfig.h" "imgui-$version/imstb_rectpack.h" \
  "imgui-$version/imstb_textedit.h" "imgui-$version/imstb_truetype.h" "imgui-$version/LICENSE.txt" \
  "imgui-$version/backends/imgui_impl_glfw.cpp" "imgui-$version/backends/imgui_impl_glfw.h" \
  "imgui-$version/backends/imgui_impl_opengl3.cpp" "imgui-$version/backends/imgui_impl_opengl3.h" \
  "imgui-$version/backends/imgui_impl_opengl3_loader.h" \
  "imgui-$version/misc/freetype/imgui_freetype.cpp" "imgui-$version/misc/freetype/imgui_freetype.h"
echo "$version" > "$dest/.version"
echo "imgui: $version in third_party/imgui"
