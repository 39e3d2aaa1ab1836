#!/bin/sh
# Writes the seed corpus of fuzz_image to DIR: small images (a few hundred bytes to a few KiB)
# of every layout instyle::loadImage handles, made with ImageMagick at test time (no downloaded
# files). Without ImageMagick, a few hand-made headers only (the fuzzer still runs).
#
#   make_image_corpus.sh DIR
set -eu
dir=${1:?usage: make_image_corpus.sh DIR}
mkdir -p "$dir"

# A 24x16 colour gradient with a diagonal stripe (enough structure for the codecs to differ).
src="gradient:#2060c0-#e0a040"
im() { convert -size 24x16 "$src" -fill "#30c050" -draw "line 0,0 23,15" -alpha off "$@"; }

if command -v convert >/dev/null 2>&1; then
  im -depth 8 PNG24:"$dir/rgb8.png"
  im -depth 16 PNG48:"$dir/rgb16.png"
  im -colorspace Gray -depth 8 -define png:color-type=0 "$dir/gray8.png"
  im -colorspace Gray -depth 16 "$dir/gray16.png"
  im -colorspace Gray -alpha set -channel A -evaluate set 60% +channel -depth 8 -define png:color-type=4 "$dir/gray_alpha.png"
  im -alpha set -channel A -evaluate set 50% +channel PNG32:"$dir/rgba8.png"
  im -alpha set -channel A -evaluate set 50% +channel -depth 16 PNG64:"$dir/rgba16.png"
  im -colors 16 PNG8:"$dir/palette.png"
  im -quality 80 "$dir/plain.jpg"
  im -colorspace Gray -quality 80 "$dir/gray.jpg"
  # EXIF orientation 6 (rotate 90° clockwise): an APP1 segment inserted after the SOI marker.
  { printf '\377\330\377\341\000\042Exif\000\000MM\000\052\000\000\000\010\000\001'
    printf '\001\022\000\003\000\000\000\001\000\006\000\000\000\000\000\000'
    tail -c +3 "$dir/plain.jpg"; } >"$dir/exif_rotated.jpg"
  im -colorspace CMYK -quality 80 "$dir/cmyk.jpg"
  im -interlace JPEG -quality 80 "$dir/progressive.jpg"
  im -depth 8 -compress None "$dir/rgb8.tif"
  im -depth 16 -compress LZW "$dir/rgb16.tif"
  im -colorspace Gray -depth 8 -compress None "$dir/gray.tif"
  im "$dir/rgb24.bmp"
  im -alpha set BMP3:"$dir/rgba32.bmp" 2>/dev/null || true
  im -colors 16 -type Palette BMP3:"$dir/palette.bmp"
  im -quality 80 "$dir/lossy.webp"
  im -define webp:lossless=true "$dir/lossless.webp"
  im -alpha set -channel A -evaluate set 50% +channel "$dir/alpha.webp"
  im -depth 8 "$dir/rgb.ppm"
  im -colorspace Gray -depth 16 "$dir/gray16.pgm"
  im "$dir/anim.gif"
else
  echo "make_image_corpus: ImageMagick (convert) not found; hand-made headers only" >&2
fi
# Headers that the loader must refuse by itself (format sniffing, size limit, truncation).
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\352\140\000\000\352\140\010\002\000\000\000' >"$dir/huge_header.png"
printf 'GIF89a\001\000\001\000' >"$dir/tiny.gif"
printf 'P6\n4 4\n255\n' >"$dir/truncated.ppm"
printf 'not an image\n' >"$dir/text.txt"
# Findings of earlier runs, kept as seeds: a PPM header declaring 30000x30000 (2.7 GB) and a
# TIFF whose first IFD declares the same.
printf 'P6\n30000 30000\n255\n' >"$dir/huge_header.ppm"
printf 'P6\n30000] 30000\n255\n' >"$dir/huge_header_odd_separator.ppm"
printf 'II*\000\010\000\000\000\002\000\000\001\004\000\001\000\000\000\060\165\000\000\001\001\004\000\001\000\000\000\060\165\000\000\000\000\000\000' >"$dir/huge_header.tif"
ls "$dir" | wc -l | sed 's/$/ seed files/'
