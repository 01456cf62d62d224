// GLib main context inside libuv.
//
// Every loop iteration:
//   prepare: g_main_context_prepare + g_main_context_query → one uv_poll per file descriptor GLib wants,
//            a uv_timer for GLib's timeout, and an active uv_idle (poll timeout 0) when a source is ready.
//   poll:    libuv blocks on its own backend; our poll/timer callbacks do nothing but wake it.
//   check:   a non-blocking g_poll fills revents (skipped when libuv's poll phase saw no event on GLib's fds),
//            g_main_context_check, then g_main_context_dispatch through the runner, which wraps it in a N-API
//            callback scope.
// The handles are unreferenced: Qt alone never keeps the process alive (pumpKeepAlive does that).
#include "glib_pump.h"

#include <glib.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace qtab {
namespace {

struct FdWatch {
  uv_poll_t handle;
  int events = 0;      // what the handle polls for
  int wanted = 0;      // what GLib asked for at the last prepare
  unsigned seen = 0;   // the prepare that last asked for this fd
  bool pollable = true;  // false: uv_poll_init refused the fd (GLib's own g_poll still sees it at check)
};

struct Pump {
  uv_loop_t* loop = nullptr;
  GMainContext* ctx = nullptr;
  PumpRunner runner = nullptr;
  uv_prepare_t prepare;
  uv_check_t check;
  uv_timer_t timer;
  uv_idle_t idle;
  std::vector<GPollFD> fds = std::vector<GPollFD>(16);
  int nfds = 0;
  // What GLib asked for at the last prepare that changed it: most iterations ask for the same, and then
  // syncWatches() does nothing (an idle iteration allocates nothing).
  std::vector<GPollFD> watched = std::vector<GPollFD>(16);
  int nwatched = -1;
  bool watchStopped = false;  // a poll handle stopped on an error: restart it at the next prepare
  unsigned generation = 0;
  int unpollable = 0;         // fds libuv cannot poll: GLib's g_poll must look at them every time
  bool fdActivity = true;     // a poll handle reported something since the last check
  uint64_t lastGPoll = 0;     // libuv's time of the last g_poll

  gint maxPriority = 0;
  bool prepared = false;
  bool stopped = false;
  bool keepAlive = false;
  bool wakePending = false;
  std::unordered_map<int, FdWatch*> watches;
};

/** The longest the check phase goes without GLib's own g_poll while GLib has fds. */
constexpr uint64_t kGPollEveryMs = 10;

// Leaked on purpose: no static destructor may touch libuv or GLib after the loop is gone.
Pump* pump = nullptr;

void onTimer(uv_timer_t*) {}
void onIdle(uv_idle_t*) {}
void onPoll(uv_poll_t* handle, int status, int) {
  pump->fdActivity = true;
  if (status < 0) {
    uv_poll_stop(handle);  // e.g. EBADF: GLib closed the fd; the next prepare drops or restarts the watch
    pump->watchStopped = true;
  }
}

void closeWatch(FdWatch* watch) {
  if (!watch->pollable) {
    delete watch;
    return;
  }
  uv_poll_stop(&watch->handle);
  uv_close(reinterpret_cast<uv_handle_t*>(&watch->handle),
           [](uv_handle_t* h) { delete static_cast<FdWatch*>(h->data); });
}

int toUvEvents(gushort events) {
  int uv = 0;
  if (events & G_IO_IN) uv |= UV_READABLE;
  if (events & G_IO_OUT) uv |= UV_WRITABLE;
  if (events & G_IO_PRI) uv |= UV_PRIORITIZED;
  // Errors and hang-ups are always reported by epoll; UV_DISCONNECT keeps the watch active without
  // asking for readability (which could spin on an fd GLib only writes to).
  return uv == 0 ? UV_DISCONNECT : uv;
}

bool sameAsWatched() {
  if (pump->nfds != pump->nwatched || pump->watchStopped) return false;
  for (int i = 0; i < pump->nfds; ++i) {
    if (pump->fds[i].fd != pump->watched[i].fd || pump->fds[i].events != pump->watched[i].events) return false;
  }
  return true;
}

// One uv_poll per fd GLib asked for. Allocates only when the set of fds changes.
void syncWatches() {
  if (sameAsWatched()) return;
  pump->watchStopped = false;
  pump->unpollable = 0;
  const unsigned generation = ++pump->generation;
  for (int i = 0; i < pump->nfds; ++i) {
    const int fd = pump->fds[i].fd;
    const int events = toUvEvents(pump->fds[i].events);
    auto found = pump->watches.find(fd);
    FdWatch* watch = nullptr;
    if (found != pump->watches.end()) {
      watch = found->second;
    } else {
      watch = new FdWatch();
      if (uv_poll_init(pump->loop, &watch->handle, fd) == 0) {
        watch->handle.data = watch;
        uv_unref(reinterpret_cast<uv_handle_t*>(&watch->handle));
      } else {
        watch->pollable = false;  // e.g. a regular file: remembered, so it is not retried every iteration
      }
      pump->watches.emplace(fd, watch);
    }
    watch->wanted = watch->seen == generation ? (watch->wanted | events) : events;
    watch->seen = generation;
  }
  for (auto it = pump->watches.begin(); it != pump->watches.end();) {
    FdWatch* watch = it->second;
    if (watch->seen != generation) {
      closeWatch(watch);
      it = pump->watches.erase(it);
      continue;
    }
    ++it;
    if (!watch->pollable) {
      ++pump->unpollable;
      continue;
    }
    if (watch->events != watch->wanted || !uv_is_active(reinterpret_cast<uv_handle_t*>(&watch->handle))) {
      watch->events = watch->wanted;
      uv_poll_start(&watch->handle, watch->events, onPoll);
    }
  }
  if (pump->watched.size() < pump->fds.size()) pump->watched.resize(pump->fds.size());
  std::copy(pump->fds.begin(), pump->fds.begin() + pump->nfds, pump->watched.begin());
  pump->nwatched = pump->nfds;
}

void onPrepare(uv_prepare_t*) {
  if (pump->stopped) return;
  gint maxPriority = 0;
  gboolean ready = g_main_context_prepare(pump->ctx, &maxPriority);
  gint timeout = -1;
  int n = 0;
  for (;;) {
    n = g_main_context_query(pump->ctx, maxPriority, &timeout, pump->fds.data(),
                             static_cast<gint>(pump->fds.size()));
    if (n <= static_cast<int>(pump->fds.size())) break;
    pump->fds.resize(static_cast<size_t>(n));
  }
  pump->nfds = n;
  pump->maxPriority = maxPriority;
  syncWatches();
  if (ready || timeout == 0 || pump->wakePending) {
    uv_idle_start(&pump->idle, onIdle);
  } else {
    uv_idle_stop(&pump->idle);
  }
  if (timeout > 0) {
    uv_update_time(pump->loop);
    uv_timer_start(&pump->timer, onTimer, static_cast<uint64_t>(timeout), 0);
  } else {
    uv_timer_stop(&pump->timer);
  }
  pump->prepared = true;
}

void onCheck(uv_check_t*) {
  if (pump->stopped) return;
  bool ready = false;
  if (pump->prepared) {
    pump->prepared = false;
    if (pump->nfds > 0) {
      for (int i = 0; i < pump->nfds; ++i) pump->fds[i].revents = 0;
      // libuv's poll phase has just looked at every pollable fd (level-triggered): when none of our handles
      // reported anything, GLib's own g_poll would find nothing either, so skip the system call. Still run it
      // every few ms, in case an fd was closed and its number reused behind a watch that looks unchanged.
      const uint64_t now = uv_now(pump->loop);
      if (pump->fdActivity || pump->unpollable > 0 || now - pump->lastGPoll >= kGPollEveryMs) {
        pump->lastGPoll = now;
        g_poll(pump->fds.data(), static_cast<guint>(pump->nfds), 0);
      }
    }
    pump->fdActivity = false;
    ready = g_main_context_check(pump->ctx, pump->maxPriority, pump->fds.data(), pump->nfds);
  }
  bool wake = pump->wakePending;
  pump->wakePending = false;
  if (!ready && !wake) return;
  uv_idle_stop(&pump->idle);
  pump->runner(ready);
}

template <typename H>
uv_handle_t* asHandle(H* h) {
  return reinterpret_cast<uv_handle_t*>(h);
}

}  // namespace

void pumpStart(uv_loop_t* loop, PumpRunner runner) {
  if (pump != nullptr) {
    pump->runner = runner;
    return;
  }
  pump = new Pump();
  pump->loop = loop;
  pump->runner = runner;
  pump->ctx = g_main_context_default();
  // Own the context for the rest of the process; Qt's nested loops (modal exec()) acquire it recursively.
  g_main_context_acquire(pump->ctx);
  uv_prepare_init(loop, &pump->prepare);
  uv_check_init(loop, &pump->check);
  uv_timer_init(loop, &pump->timer);
  uv_idle_init(loop, &pump->idle);
  for (uv_handle_t* h : {asHandle(&pump->prepare), asHandle(&pump->check), asHandle(&pump->timer),
                         asHandle(&pump->idle)}) {
    uv_unref(h);
  }
  uv_prepare_start(&pump->prepare, onPrepare);
  uv_check_start(&pump->check, onCheck);
}

void pumpDispatch() {
  if (pump == nullptr || pump->stopped) return;
  g_main_context_dispatch(pump->ctx);
}

void pumpKeepAlive(bool on) {
  if (pump == nullptr || pump->stopped || pump->keepAlive == on) return;
  pump->keepAlive = on;
  if (on) {
    uv_ref(asHandle(&pump->prepare));
  } else {
    uv_unref(asHandle(&pump->prepare));
  }
}

bool pumpKeepingAlive() { return pump != nullptr && pump->keepAlive; }

void pumpWake() {
  if (pump == nullptr || pump->stopped) return;
  pump->wakePending = true;
  uv_idle_start(&pump->idle, onIdle);
}

bool pumpWakePending() { return pump != nullptr && pump->wakePending; }

void pumpStop() {
  if (pump == nullptr || pump->stopped) return;
  pump->stopped = true;
  pump->keepAlive = false;
  for (auto& [fd, watch] : pump->watches) closeWatch(watch);
  pump->watches.clear();
  uv_prepare_stop(&pump->prepare);
  uv_check_stop(&pump->check);
  uv_timer_stop(&pump->timer);
  uv_idle_stop(&pump->idle);
  for (uv_handle_t* h : {asHandle(&pump->prepare), asHandle(&pump->check), asHandle(&pump->timer),
                         asHandle(&pump->idle)}) {
    uv_close(h, nullptr);  // the Pump itself stays allocated: nothing touches it once stopped
  }
}

int pumpWatchedFds() {
  if (pump == nullptr) return 0;
  int n = 0;
  for (const auto& [fd, watch] : pump->watches) n += watch->pollable ? 1 : 0;
  return n;
}

}  // namespace qtab
