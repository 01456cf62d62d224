// Orderly teardown when the Node environment is freed (natural end of the program, Jest workers).
#pragma once

#include <node_api.h>

namespace qtab {

/** Registers the cleanup hook once per process. Must run after NodeGui's addon has initialised: Node runs
 *  cleanup hooks last-registered-first, so ours runs before NodeGui's N-API finalizers. */
void teardownRegister(napi_env env);

/** Whether the cleanup hook has run. */
bool teardownDone();

}  // namespace qtab
