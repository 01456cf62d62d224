// Why this exists: at the natural end of a Node process, FreeEnvironment runs the environment's cleanup hooks;
// NodeGui's N-API finalizers delete the parentless widgets they wrap, ~QWidget/~QObject emits `destroyed`,
// NodeGui's WrapperCache::handleDestroyed (and NodeGui's per-widget signal lambdas) call into JavaScript,
// which can no longer run: node-addon-api throws Napi::Error through Qt's signal emission inside a destructor
// and std::terminate aborts the process ("terminate called ...", exit 134).
//
// Our hook runs before those finalizers and makes the rest of teardown JS-free:
//  1. stop the GLib pump (nothing is dispatched during teardown) and remove the lifetime filter;
//  2. cut every connection NodeGui made from a Qt object to a lambda that calls JS: those connections use the
//     object itself as context, so `disconnect(obj, nullptr, obj, nullptr)` removes exactly them;
//  3. empty NodeGui's WrapperCache::destroyedCallback, the JS function handleDestroyed would call
//     (handleDestroyed skips the call when it is empty).
// NodeGui's finalizers then delete widgets without entering JS. Measured on the exit-paths fixture: without the
// hook the natural end aborts (exit 134); step 3 alone already prevents it, step 2 covers widgets that emit
// signals while their children are deleted (e.g. QStackedWidget/QTabWidget currentChanged).
#include "teardown.h"

#include <dlfcn.h>
#include <link.h>

#include <QApplication>
#include <QGuiApplication>
#include <QWidget>
#include <QWindow>
#include <cstring>
#include <string>
#include <vector>

#include "glib_pump.h"
#include "js_host.h"
#include "lifetime.h"

namespace qtab {
namespace {

bool registered = false;
bool done = false;

// Layout of Napi::Reference<T> (node-addon-api): { napi_env _env; napi_ref _ref; bool _suppressDestruct; }.
struct NapiReferenceLayout {
  napi_env env;
  napi_ref ref;
  bool suppressDestruct;
};

int collectNodeGuiPaths(struct dl_phdr_info* info, size_t, void* data) {
  if (info->dlpi_name != nullptr && std::strstr(info->dlpi_name, "nodegui_core.node") != nullptr) {
    static_cast<std::vector<std::string>*>(data)->emplace_back(info->dlpi_name);
  }
  return 0;
}

void emptyWrapperCacheCallback() {
  std::vector<std::string> paths;
  dl_iterate_phdr(collectNodeGuiPaths, &paths);
  for (const std::string& path : paths) {
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (handle == nullptr) continue;
    // WrapperCache::destroyedCallback (a static Napi::FunctionReference).
    void* symbol = dlsym(handle, "_ZN12WrapperCache17destroyedCallbackE");
    if (symbol != nullptr) {
      // Not napi_delete_reference: the env is being freed and owns the reference; only make it look empty,
      // which also keeps its static destructor at exit() from touching the freed env.
      static_cast<NapiReferenceLayout*>(symbol)->ref = nullptr;
    }
    dlclose(handle);
  }
}

void disconnectJsLambdas() {
  QCoreApplication* app = QCoreApplication::instance();
  if (app == nullptr) return;
  QObject::disconnect(app, nullptr, app, nullptr);
  for (QWidget* widget : QApplication::allWidgets()) QObject::disconnect(widget, nullptr, widget, nullptr);
  for (QWindow* window : QGuiApplication::allWindows()) QObject::disconnect(window, nullptr, window, nullptr);
}

void onEnvCleanup(void*) {
  if (done) return;
  done = true;
  jsHostShutdown();
  pumpStop();
  lifetimeUninstall();
  disconnectJsLambdas();
  emptyWrapperCacheCallback();
}

}  // namespace

void teardownRegister(napi_env env) {
  if (registered) return;
  registered = true;
  napi_add_env_cleanup_hook(env, onEnvCleanup, nullptr);
}

bool teardownDone() { return done; }

}  // namespace qtab
