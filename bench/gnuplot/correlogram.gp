# Annotated correlation heatmap of a precomputed matrix (gnuplot cannot
# compute correlations): -e "data='MATRIX.dat'; out='..'; n=10; title='..'"
load dir.'common.gp'
set title title
set datafile separator whitespace
unset grid
set border 0
set tics scale 0
set xrange [-0.5:n-0.5]
set yrange [n-0.5:-0.5]
set size ratio -1
set for [i=1:n] xtics add (sprintf("v%02d", i) i-1)
set for [i=1:n] ytics add (sprintf("v%02d", i) i-1)
set xtics rotate by 90 right
set cbrange [-1:1]
# ColorBrewer RdBu-11, red at -1, blue at +1 (as matplotlib's RdBu).
set palette defined (-1 "#67001f", -0.8 "#b2182b", -0.6 "#d6604d", -0.4 "#f4a582", \
    -0.2 "#fddbc7", 0 "#f7f7f7", 0.2 "#d1e5f0", 0.4 "#92c5de", 0.6 "#4393c3", \
    0.8 "#2166ac", 1 "#053061")
# (0xFEFEFE: 0xFFFFFF itself comes out black through "rgb variable".)
plot data matrix with image notitle, \
     data matrix using 1:2:(sprintf("%.2f", $3)):(abs($3) > 0.6 ? 16711422 : 0) \
         with labels tc rgb variable notitle
