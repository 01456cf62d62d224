// The three symbols NodeGui's addon takes from the qode runtime (see NodeGui's core/Integration/qode-api.h).
// This library defines them and is loaded with RTLD_GLOBAL before NodeGui, so NodeGui links against them.
#pragma once

#include <string>
#include <vector>

namespace qtab {

/** Sets qode::qode_argc/qode_argv from the real process arguments. Only the first call has an effect:
 *  QApplication keeps a reference to argc for the whole process. */
void setProcessArguments(const std::vector<std::string>& args);

/** Whether NodeGui handed us a custom run loop (it does when its addon initialises). */
bool runLoopInjected();

}  // namespace qtab
