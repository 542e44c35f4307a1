#!/usr/bin/env bash
# Makes the fonts embedded in the PDF dossier: DejaVu Sans (regular and bold, from Debian's
# fonts-dejavu-core) reduced to the characters French administrative text needs — Latin-1,
# Latin Extended-A and -B, general punctuation (— « » ’ … and the narrow no-break space), the
# euro sign, arrows. A 60 KB font instead of 750 KB keeps every PDF small and fast to write.
# The Bitstream Vera licence (fonts/LICENSE-DejaVu.txt) allows modified copies whose names do
# not contain "Bitstream" or "Vera". Run once; the results are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
grappe_apt fonts-dejavu-core
python3 -m pip show fonttools >/dev/null 2>&1 || python3 -m pip install --quiet fonttools
out=crates/grappe-dossier/fonts
unicodes="U+0020-007E,U+00A0-024F,U+02C6-02DD,U+2000-206F,U+20AC,U+2190-2199,U+2122,U+2212,U+25A0-25CF,U+2713-2717,U+FFFD"
for face in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "/usr/share/fonts/truetype/dejavu/$face.ttf" --unicodes="$unicodes" \
    --layout-features='*' --no-hinting --output-file="$out/$face-latin.ttf"
done
cp /usr/share/doc/fonts-dejavu-core/copyright "$out/LICENSE-DejaVu.txt"
ls -l "$out"
