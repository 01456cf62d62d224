// The JavaScript side of the bridge as seen from Qt/libuv callbacks: which napi_env to enter, the async
// context for callback scopes, and the JS functions the bridge calls (quit requests).
#pragma once

#include <node_api.h>

#include <functional>

namespace qtab {

/** Records the env and creates the async context used for every dispatch (the latest attach wins). */
void jsHostAttach(napi_env env, napi_value onQuit);

/** Whether JS may be entered (attached and not tearing down). */
bool jsHostUsable();

/** Marks the start of teardown: no JS is entered after this. */
void jsHostShutdown();

/** Runs `body` inside a handle scope and a N-API callback scope, so that nextTicks and promise continuations
 *  queued by JS listeners run when it returns (before any later timer or I/O callback). A JS exception left
 *  pending is raised as an uncaught exception. */
void jsHostRunInScope(const std::function<void(napi_env)>& body);

/** Asks JS to end the application the way QApplication::quit() ends exec() (lastWindowClosed path). */
void jsHostRequestQuit();

}  // namespace qtab
