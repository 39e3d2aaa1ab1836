#!/usr/bin/env bash
# The main job: installs what is needed, builds, and starts the desktop application — or, when
# there is no display, a headless demo of the command line (a photo repainted in a painting's style).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
# Only the two programs (the tests are test.sh's): about 8 min on 2 cores without ccache.
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
  # Debian's python3-skimage ships real photos; the "painting" is drawn here with ImageMagick.
  photo=/usr/lib/python3/dist-packages/skimage/data/chelsea.png
  painting=$out/swirl-painting.png
  [ -f "$painting" ] || convert -size 384x384 -seed 7 plasma:fractal -blur 0x1 -swirl 270 "$painting"
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
