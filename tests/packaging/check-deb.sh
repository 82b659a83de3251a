#!/usr/bin/env bash
# Builds the .deb from a build tree with cpack, then checks what a user installs:
# both binaries, the desktop entry, the icon and the AppStream metainfo (all valid),
# the control fields, dependencies found by dpkg-shlibdeps, and that the packaged
# binaries run.
set -euo pipefail
build="${1:?usage: check-deb.sh BUILD_DIR}"
work="$build/tests/packaging/deb"
rm -rf "$work"
mkdir -p "$work"

fail() { echo "check-deb: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work" >"$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(find "$work" -maxdepth 1 -name 'salvo_*.deb' | head -n 1)
[ -n "$deb" ] || fail "cpack made no salvo_*.deb in $work"
echo "check-deb: $(basename "$deb")"

contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/salvo ./usr/bin/salvo-cli \
    ./usr/share/applications/invalid.example.Salvo.desktop \
    ./usr/share/icons/hicolor/scalable/apps/invalid.example.Salvo.svg \
    ./usr/share/metainfo/invalid.example.Salvo.metainfo.xml; do
  grep -qE " ${path//./\\.}\$" <<<"$contents" || fail "the package lacks $path"
done

info=$(dpkg-deb -I "$deb")
for field in "Package: salvo" "Maintainer: Salvo maintainers" "Section: science" \
    "Description: Gunfire detection"; do
  grep -q "$field" <<<"$info" || fail "control lacks \"$field\""
done
# dpkg-shlibdeps filled in the libraries the binaries link.
depends=$(dpkg-deb -f "$deb" Depends)
for library in libqt6widgets6 libqt6core6 libsndfile1 libportaudio2 libc6 qt6-qpa-plugins; do
  grep -q "$library" <<<"$depends" || fail "Depends lacks $library: $depends"
done

root="$work/root"
dpkg-deb -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/invalid.example.Salvo.desktop" \
  || fail "desktop-file-validate failed"
appstreamcli validate --no-net "$root/usr/share/metainfo/invalid.example.Salvo.metainfo.xml" \
  || fail "appstreamcli validate failed"
grep -q "<svg" "$root/usr/share/icons/hicolor/scalable/apps/invalid.example.Salvo.svg" \
  || fail "the icon is not an SVG"

# The stripped, packaged binaries start and report their version.
version=$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/salvo" --version)
grep -q "^salvo [0-9]" <<<"$version" || fail "packaged salvo --version printed: $version"
"$root/usr/bin/salvo-cli" version >/dev/null || fail "packaged salvo-cli version failed"
echo "check-deb: OK"
