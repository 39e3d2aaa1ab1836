#!/usr/bin/env bash
# The main job: installs what is needed (install-deps.sh's run set: nothing only the tests use),
# builds, and starts the desktop application — or, when there is no display, a headless demo of
# the command line (a photo repainted in a painting's style).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh run
# Only the two programs (the tests are test.sh's): about 5 min on 2 cores without ccache.
INSTYLE_BUILD_TARGETS="instyle instyle-cli" bash packaging/build.sh

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/app/instyle ]; then
  exec build/app/instyle "$@"
fi

echo "run: no display - running the headless demo (instyle-cli stylize)"
out=demo-output
mkdir -p "$out"
shared=../shared/data
if [ -f "$shared/content/chelsea_cat.png" ] && [ -f "$shared/styles/starry_night_van_gogh.jpg" ]; then
  photo=$shared/content/chelsea_cat.png
  painting=$shared/styles/starry_night_van_gogh.jpg
else
  # A real photo: Debian's python3-skimage ships some. The tests install it; without it only the
  # package file is fetched (apt-get download, 21 MB, checked against the signed archive index)
  # and the photo taken out, so the demo needs none of scikit-image's Python dependencies.
  photo=/usr/lib/python3/dist-packages/skimage/data/chelsea.png
  if [ ! -f "$photo" ]; then
    photo=$out/chelsea.png
    if [ ! -s "$photo" ]; then
      (cd "$out" && apt-get download -qq python3-skimage)
      dpkg-deb --fsys-tarfile "$out"/python3-skimage_*.deb |
        tar -xO ./usr/lib/python3/dist-packages/skimage/data/chelsea.png >"$photo"
      rm -f "$out"/python3-skimage_*.deb
    fi
  fi
  # The painting is drawn here: yellow strokes swirling on blue, with a brush-like grain (PPM).
  painting=$out/swirl-painting.ppm
  [ -s "$painting" ] || awk -v n=256 '
    BEGIN {
      srand(7); print "P3"; print n, n; print 255
      for (y = 0; y < n; y++) {
        for (x = 0; x < n; x++) {
          dx = x / n - 0.55; dy = y / n - 0.4; r = sqrt(dx * dx + dy * dy); a = atan2(dy, dx) + 9 * r
          grain = 0.25 * sin(90 * (x + 0.5 * y) / n + 6 * rand())
          stroke = sin(7 * a + 28 * r + grain) > 0.55; t = 0.5 + 0.5 * sin(3 * a - 15 * r + grain)
          if (stroke) printf "%d %d %d ", 215 + 35 * t, 185 + 40 * t, 70 + 60 * t
          else printf "%d %d %d ", 25 + 50 * t, 50 + 70 * t, 120 + 100 * t
        }
        print ""
      }
    }' >"$painting"
fi
build/app/instyle-cli stylize --content "$photo" --style "$painting" --out "$out/stylized.png" \
  --size 256 --iters 60 --json "$@"
echo "run: wrote $out/stylized.png (content: $photo, style: $painting)"
# Without VGG19's pretrained weights the demo ran on random ones: say so, and how to fetch them
# (the size is the registry's, as `models list` prints it).
vgg=$(build/app/instyle-cli models list --no-hash --json 2>/dev/null | grep -o '"id":"vgg19"[^}]*' || true)
case "$vgg" in
  *'"status":"found'*) ;;
  *)
    size=$(printf '%s' "$vgg" | sed -n 's/.*"size":\([0-9]*\).*/\1/p')
    echo "run: no VGG19 weights were found, so the demo used random ones, whose features describe no painting's style: the result is noise."
    echo "run: to fetch the weights (about $(( ${size:-0} / 1048576 )) MB) and get a real stylisation, run:"
    echo "  build/app/instyle-cli models download vgg19"
    ;;
esac
