#include "utf8-private.h"

bool cplot_utf8_valid(const char *text, size_t length)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < length) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t extra;
        unsigned min_second = 0x80, max_second = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            if (c == 0xE0)
                min_second = 0xA0; /* overlong */
            if (c == 0xED)
                max_second = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            if (c == 0xF0)
                min_second = 0x90; /* overlong */
            if (c == 0xF4)
                max_second = 0x8F; /* above U+10FFFF */
        } else {
            return false;
        }
        if (length - i <= extra)
            return false;
        if (s[i + 1] < min_second || s[i + 1] > max_second)
            return false;
        for (size_t k = 2; k <= extra; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        i += extra + 1;
    }
    return true;
}

size_t cplot_utf8_cut(const char *text, size_t length)
{
    /* Step back over continuation bytes to the lead byte of the last
     * character, and keep that character only if it is whole. */
    size_t start = length;
    while (start > 0 && ((unsigned char)text[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return 0;
    unsigned char lead = (unsigned char)text[start - 1];
    size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    return length - (start - 1) >= need ? length : start - 1;
}
