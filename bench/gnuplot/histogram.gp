# Histogram with numpy's 'auto' bin count and range (gnuplot has no bin
# rules, so the generator computes them): -e "data='..'; out='..';
# nbins=N; lo=MIN; hi=MAX; kde=0|1; title='..'"
load dir.'common.gp'
set title title
set xlabel "value"
set ylabel "count"
set style fill solid 1.0 noborder
width = (hi - lo) / nbins
# gnuplot centres the first and last bins on the ends of binrange, so the
# range runs between the first and last bin centres to get numpy's edges.
first = lo + width / 2
last = hi - width / 2
set boxwidth width * 0.95 absolute
if (kde) {
    plot data skip 1 using 1 bins=nbins binrange [first:last] with boxes lc rgb "#4E79A7" notitle, \
         data skip 1 using 1:(width) smooth kdensity with lines lw 2 lc rgb "#4E79A7" notitle
} else {
    plot data skip 1 using 1 bins=nbins binrange [first:last] with boxes lc rgb "#4E79A7" notitle
}
