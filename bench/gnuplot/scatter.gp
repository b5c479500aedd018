# Scatter with translucent filled circles: -e "data='..'; out='..';
# color='#AARRGGBB' (AA = transparency); size=POINTSIZE; title='..'"
load dir.'common.gp'
set title title
set xlabel "x"
set ylabel "y"
plot data skip 1 using 1:2 with points pt 7 ps size lc rgb color notitle
