/* Unplug/replug under umockdev: what `umockdev-run` cannot do. Builds a umockdev testbed with one USB
 * device and its ioctl replay, runs the program under test with the umockdev preload, and after
 * `scans` data lines on the program's stdout removes the device (uevent "remove"), waits for a
 * "detached" line, then adds it back (uevent "add"). The program's output is copied to stdout.
 *
 * usage: replug-harness DEVICE.umockdev DEVNODE DEVICE.ioctl SYSFS-PATH SCANS -- PROGRAM ARGS...
 * Run it with LD_PRELOAD=libumockdev-preload.so.0 (like umockdev-wrapper): sending uevents needs it.
 * build: cc scripts/umockdev-replug-harness.c $(pkg-config --cflags --libs umockdev-1.0) -o replug-harness
 */
#include <umockdev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* First time: the whole description (device, root hub, controller). On replug: only its first block,
 * the device itself (its parents never went away). */
static int add_device(UMockdevTestbed *testbed, const char *description, const char *node, const char *ioctl_file,
                      int device_only) {
    GError *error = NULL;
    gchar *text = NULL;
    if (!g_file_get_contents(description, &text, NULL, &error)) {
        fprintf(stderr, "replug-harness: %s\n", error->message);
        return 0;
    }
    if (device_only) {
        char *end = strstr(text, "\n\n");
        if (end) end[1] = '\0';
    }
    int ok = umockdev_testbed_add_from_string(testbed, text, &error)
        && umockdev_testbed_load_ioctl(testbed, node, ioctl_file, &error);
    g_free(text);
    if (!ok) {
        fprintf(stderr, "replug-harness: %s\n", error ? error->message : "cannot add the device");
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 8 || strcmp(argv[6], "--") != 0) {
        fprintf(stderr, "usage: %s DEVICE.umockdev DEVNODE DEVICE.ioctl SYSFS-PATH SCANS -- PROGRAM ARGS...\n", argv[0]);
        return 2;
    }
    const char *description = argv[1], *node = argv[2], *ioctl_file = argv[3], *syspath = argv[4];
    int scans = atoi(argv[5]);
    UMockdevTestbed *testbed = umockdev_testbed_new();
    if (!add_device(testbed, description, node, ioctl_file, 0)) return 2;

    int out[2];
    if (pipe(out) != 0) return 2;
    pid_t child = fork();
    if (child == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        setenv("LD_PRELOAD", "libumockdev-preload.so.0", 1);
        execvp(argv[7], argv + 7);
        _exit(127);
    }
    close(out[1]);
    FILE *lines = fdopen(out[0], "r");
    char line[65536];
    int data = 0, phase = 0; /* 0: before unplug, 1: waiting for detached, 2: replugged */
    while (fgets(line, sizeof line, lines)) {
        fputs(line, stdout);
        fflush(stdout);
        if (strstr(line, "\"event\":\"data\"")) data++;
        if (phase == 0 && data >= scans) {
            umockdev_testbed_uevent(testbed, syspath, "remove");
            umockdev_testbed_remove_device(testbed, syspath);
            fprintf(stdout, "{\"event\":\"harness\",\"detail\":\"unplugged\"}\n");
            phase = 1;
        } else if (phase == 1 && strstr(line, "\"event\":\"detached\"")) {
            if (!add_device(testbed, description, node, ioctl_file, 1)) break;
            umockdev_testbed_uevent(testbed, syspath, "add");
            fprintf(stdout, "{\"event\":\"harness\",\"detail\":\"plugged\"}\n");
            phase = 2;
        }
    }
    int status = 0;
    waitpid(child, &status, 0);
    g_object_unref(testbed);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
