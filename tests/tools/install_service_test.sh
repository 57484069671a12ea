#!/usr/bin/env bash
# tools/install-service --root: the files it stages, their modes, and the unit it writes
# (docs/operations.md "Running as a service", docs/security.md "File permissions").
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#!/bin/sh\nexit 0\n' >"$tmp/softmcu"
chmod +x "$tmp/softmcu"
fail() { echo "FAIL: $*" >&2; exit 1; }
mode() { stat -c %a "$1"; }

"$top/tools/install-service" --root "$tmp/root" --binary "$tmp/softmcu" --prefix /opt/softmcu >/dev/null
r=$tmp/root
[ "$(mode "$r/opt/softmcu/bin/softmcu")" = 755 ] || fail "binary mode $(mode "$r/opt/softmcu/bin/softmcu")"
[ "$(mode "$r/etc/softmcu/softmcu.toml")" = 600 ] || fail "config mode $(mode "$r/etc/softmcu/softmcu.toml"), want 600"
[ "$(mode "$r/etc/softmcu")" = 750 ] || fail "config dir mode $(mode "$r/etc/softmcu"), want 750"
unit=$r/etc/systemd/system/softmcu.service
[ "$(mode "$unit")" = 644 ] || fail "unit mode $(mode "$unit")"
grep -q '^ExecStart=/opt/softmcu/bin/softmcu ' "$unit" || fail "unit does not run the prefixed binary"
grep -q '/usr/local' "$unit" && fail "unit still names /usr/local"
for line in Restart=always StateDirectoryMode=0700 NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes \
            PrivateTmp=yes 'CapabilityBoundingSet=' UMask=0077 User=softmcu; do
  grep -qx "$line" "$unit" || fail "unit lacks $line"
done
grep -q '^LimitNOFILE=[0-9]' "$unit" || fail "unit lacks LimitNOFILE"

# A second install keeps the operator's config (and tightens its mode).
echo '# mine' >"$r/etc/softmcu/softmcu.toml"
chmod 644 "$r/etc/softmcu/softmcu.toml"
"$top/tools/install-service" --root "$tmp/root" --binary "$tmp/softmcu" --prefix /opt/softmcu >/dev/null
grep -qx '# mine' "$r/etc/softmcu/softmcu.toml" || fail "an existing config was overwritten"
[ "$(mode "$r/etc/softmcu/softmcu.toml")" = 600 ] || fail "an existing config kept mode 644"

# Bad usage and a missing binary are refused with a message.
set +e
"$top/tools/install-service" --frobnicate >/dev/null 2>&1; [ $? = 2 ] || fail "unknown option not exit 2"
"$top/tools/install-service" --root "$tmp/x" --binary "$tmp/missing" >/dev/null 2>&1; [ $? = 1 ] || fail "missing binary not exit 1"
set -e
if command -v systemd-analyze >/dev/null; then
  sed "s|/opt/softmcu/bin/softmcu|$tmp/softmcu|g" "$unit" >"$tmp/softmcu.service"
  systemd-analyze verify "$tmp/softmcu.service" || fail "systemd-analyze verify"
fi
echo "install-service: staged files, modes and unit OK"
