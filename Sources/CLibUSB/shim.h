#ifndef SELFSCAN_CLIBUSB_SHIM_H
#define SELFSCAN_CLIBUSB_SHIM_H
#include <libusb-1.0/libusb.h>
#include <linux/input.h>
#include <sys/ioctl.h>

/// `libusb_set_option` is variadic: Swift cannot call it.
static inline int clibusb_set_log_level(libusb_context *ctx, int level) {
    return libusb_set_option(ctx, LIBUSB_OPTION_LOG_LEVEL, level);
}
/// `EVIOCGRAB` is a macro: grab (1) or release (0) an evdev device exclusively.
static inline int clibusb_eviocgrab(int fd, int grab) { return ioctl(fd, EVIOCGRAB, grab); }
/// `EVIOCGNAME(len)` is a macro.
static inline int clibusb_eviocgname(int fd, char *buf, int len) { return ioctl(fd, EVIOCGNAME(len), buf); }

#endif
