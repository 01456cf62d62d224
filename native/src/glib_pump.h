// Drives Qt's GLib main context (g_main_context_default(), used by Qt's main-thread event dispatcher on Linux)
// from inside libuv: no polling thread, no periodic processEvents().
#pragma once

#include <uv.h>

namespace qtab {

/** Called in libuv's check phase when GLib has sources ready (`dispatch` true) or lifetime work is pending;
 *  the callee opens a JS callback scope and calls pumpDispatch() when `dispatch` is true. */
using PumpRunner = void (*)(bool dispatch);

/** Starts driving the default GLib context from `loop` (idempotent). All handles start unreferenced. */
void pumpStart(uv_loop_t* loop, PumpRunner runner);

/** Runs g_main_context_dispatch() for the sources found ready by the last check. */
void pumpDispatch();

/** Keeps the process alive (references the prepare handle) or lets it end (unreferences it). */
void pumpKeepAlive(bool on);

/** Whether pumpKeepAlive(true) is in effect. */
bool pumpKeepingAlive();

/** Makes the current/next loop iteration run the check phase without blocking in poll. */
void pumpWake();

/** Whether pumpWake() was called since the last check phase. */
bool pumpWakePending();

/** Stops and closes every libuv handle; after this nothing is dispatched again (teardown). */
void pumpStop();

/** Number of file descriptors GLib asked us to watch at the last prepare (for diagnostics and tests). */
int pumpWatchedFds();

}  // namespace qtab
