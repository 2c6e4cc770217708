#ifndef SELFSCAN_CQRENCODE_SHIM_H
#define SELFSCAN_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
