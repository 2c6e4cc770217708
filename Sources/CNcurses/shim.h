#ifndef SELFSCAN_CNCURSES_SHIM_H
#define SELFSCAN_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncurses.h>
#include <locale.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* What Swift cannot reach directly: ncurses globals (stdscr, LINES, COLS) and macro constants/functions. */
static inline WINDOW *selfscan_stdscr(void) { return stdscr; }
static inline int selfscan_lines(void) { return LINES; }
static inline int selfscan_cols(void) { return COLS; }
static inline int selfscan_key_resize(void) { return KEY_RESIZE; }
static inline int selfscan_key_up(void) { return KEY_UP; }
static inline int selfscan_key_down(void) { return KEY_DOWN; }
static inline int selfscan_key_enter(void) { return KEY_ENTER; }
static inline int selfscan_err(void) { return ERR; }
static inline void selfscan_set_locale(void) { setlocale(LC_ALL, ""); }
/* newterm on the process's stdout/stdin: NULL (not exit) when the terminal is unusable. */
static inline SCREEN *selfscan_newterm(void) { return newterm(NULL, stdout, stdin); }

/* Re-reads the terminal's size (TIOCGWINSZ) and resizes curses when it changed, in case a SIGWINCH was missed
   (e.g. a resize between start-up and newterm). Returns 1 when the size changed. */
static inline int selfscan_sync_size(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return 0;
    if (size.ws_row == LINES && size.ws_col == COLS) return 0;
    resizeterm(size.ws_row, size.ws_col);
    return 1;
}

/* Attributes: bold, reverse, dim, and a colour pair (0 = none). */
static inline attr_t selfscan_attributes(int bold, int reverse, int dim, short pair) {
    attr_t value = A_NORMAL;
    if (bold) value |= A_BOLD;
    if (reverse) value |= A_REVERSE;
    if (dim) value |= A_DIM;
    if (pair > 0) value |= COLOR_PAIR(pair);
    return value;
}

/* Writes UTF-8 text at (y, x) with the given attributes. */
static inline int selfscan_put(int y, int x, const char *text, attr_t attributes) {
    /* attr_set takes the colour pair as its own argument and ignores COLOR_PAIR bits in the attributes. */
    attr_set(attributes & ~A_COLOR, (short)PAIR_NUMBER(attributes), NULL);
    int result = mvaddstr(y, x, text);
    attr_set(A_NORMAL, 0, NULL);
    return result;
}
#endif
