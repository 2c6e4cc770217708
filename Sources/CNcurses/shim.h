#ifndef SELFSCAN_CNCURSES_SHIM_H
#define SELFSCAN_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncurses.h>
#endif
