#ifndef SELFSCAN_CIMAGECODECS_SHIM_H
#define SELFSCAN_CIMAGECODECS_SHIM_H
#include <stdio.h>
#include <png.h>
#include <jpeglib.h>
#include <webp/decode.h>
#endif
