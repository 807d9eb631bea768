/*
 * base64.c: base64 (RFC 4648) decoding, whitespace ignored.
 */
#include <string.h>

#include "audit.h"

/* b64_table maps a byte to 1 + its 6-bit value; 65: whitespace (skipped);
 * 66: '=' (padding); 0: anything else. */
static const uint8_t b64_table[256] = {
    ['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8,
    ['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15,
    ['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
    ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29,
    ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
    ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42, ['q'] = 43,
    ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50,
    ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
    ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
    [' '] = 65, ['\t'] = 65, ['\r'] = 65, ['\n'] = 65, ['='] = 66,
};

bool is_base64_char(uint8_t c)
{
    return b64_table[c] != 0 && b64_table[c] != 65;
}

/* b64_decode appends the decoded bytes to `out`; returns false for a
 * character outside the alphabet, data after padding, or a cut quantum. */
bool b64_decode(const uint8_t *in, size_t len, bytes *out)
{
    uint32_t acc = 0;
    int bits = 0, pad = 0;
    size_t chars = 0;
    bytes_reserve(out, len / 4 * 3 + 3);
    uint8_t *o = out->p + out->len;
    for (size_t i = 0; i < len; i++) {
        uint8_t v = b64_table[in[i]];
        if (v >= 1 && v <= 64) {
            if (pad > 0) {
                return false;
            }
            chars++;
            acc = (acc << 6) | (uint32_t)(v - 1);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                *o++ = (uint8_t)(acc >> bits);
            }
        } else if (v == 66) {
            pad++;
            chars++;
        } else if (v != 65) {
            return false;
        }
    }
    out->len = (size_t)(o - out->p);
    return chars % 4 == 0 && pad <= 2 && chars > 0;
}
