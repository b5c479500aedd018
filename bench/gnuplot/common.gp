# Shared settings: 800x600 PNG through the cairo terminal, CSV input.
# Callers pass out='...' (and the script's own variables) with -e.
set terminal pngcairo size 800,600 font "DejaVu Sans,10" noenhanced
set output out
set datafile separator ","
set border 3
set tics nomirror
set grid ytics lc rgb "#e0e0e0"
