# Bar chart of one value per category: -e "data='..'; out='..'; title='..'"
load dir.'common.gp'
set title title
set xlabel "month"
set ylabel "value"
set style fill solid 1.0 noborder
set boxwidth 0.8 relative
set yrange [0:*]
set offsets 0.6, 0.6, 0, 0
plot data skip 1 using 0:2:xtic(1) with boxes lc rgb "#4E79A7" notitle
