// qode ABI for NodeGui on plain Node: argc/argv and the run-loop injection point.
#include "qode_abi.h"

#include <cstring>

#define QTAB_EXPORT __attribute__((visibility("default")))

namespace qode {
// Qt keeps a reference to argc (QCoreApplication(int& argc, char** argv)): these live for the whole process.
QTAB_EXPORT int qode_argc = 0;
QTAB_EXPORT char** qode_argv = nullptr;

typedef int (*QodeCustomRunLoopFunc)();

// NodeGui hands qode a function that runs QApplication::exec() and then calls exit(). On plain Node we never
// call it: Qt's GLib main context runs inside libuv instead (glib_pump.cc). We only record it.
static QodeCustomRunLoopFunc injectedRunLoop = nullptr;
QTAB_EXPORT void InjectCustomRunLoop(QodeCustomRunLoopFunc customRunLoop) { injectedRunLoop = customRunLoop; }
}  // namespace qode

namespace qtab {

void setProcessArguments(const std::vector<std::string>& args) {
  if (qode::qode_argv != nullptr) return;
  // Intentionally leaked: Qt may keep pointers into argv until the process ends.
  char** argv = new char*[args.size() + 1];
  for (size_t i = 0; i < args.size(); ++i) argv[i] = strdup(args[i].c_str());
  argv[args.size()] = nullptr;
  qode::qode_argv = argv;
  qode::qode_argc = static_cast<int>(args.size());
}

bool runLoopInjected() { return qode::injectedRunLoop != nullptr; }

}  // namespace qtab
